/**
 * Edits of a pipeline document as pure functions: each takes a document and returns the next one, or the
 * same object when nothing changed (so the history can skip no-op edits). Nodes and edges that an edit
 * does not touch keep their identity, which lets the canvas re-render only what changed.
 */
import type { NodeKind } from '../../../engine/format/nodeKinds.js';
import type { PipelineDocument, PipelineEdge, PipelineNode, PipelineSettings } from '../../../engine/format/pipeline.js';
import { canConnect, inputPort, outputPort, type Connection, type ConnectionVerdict } from '../../../engine/format/ports.js';
import { freshEdgeId, freshNodeId } from './freshIds.js';
import { defaultParams } from './newNode.js';

export interface Position {
  x: number;
  y: number;
}

/** Adds a node of a kind at a position, with the given params or those a new node of that kind starts with. */
export function addNode(
  doc: PipelineDocument,
  kind: NodeKind,
  position: Position,
  id: string = freshNodeId(doc, kind),
  params: Record<string, unknown> = defaultParams(kind),
): { doc: PipelineDocument; id: string } {
  const node: PipelineNode = { id, kind, position: { x: position.x, y: position.y }, params: structuredClone(params) };
  return { doc: { ...doc, nodes: [...doc.nodes, node] }, id };
}

/** Moves nodes to new positions; unknown ids are ignored. */
export function moveNodes(doc: PipelineDocument, moves: ReadonlyMap<string, Position> | Record<string, Position>): PipelineDocument {
  const get = (id: string) => (moves instanceof Map ? moves.get(id) : (moves as Record<string, Position>)[id]);
  let changed = false;
  const nodes = doc.nodes.map((n) => {
    const p = get(n.id);
    if (!p || (p.x === n.position.x && p.y === n.position.y)) return n;
    changed = true;
    return { ...n, position: { x: p.x, y: p.y } };
  });
  return changed ? { ...doc, nodes } : doc;
}

/** Deletes nodes (with every edge touching them) and edges. */
export function deleteElements(
  doc: PipelineDocument,
  nodeIds: Iterable<string>,
  edgeIds: Iterable<string> = [],
): PipelineDocument {
  const nodeSet = new Set(nodeIds);
  const edgeSet = new Set(edgeIds);
  const nodes = doc.nodes.filter((n) => !nodeSet.has(n.id));
  const edges = doc.edges.filter((e) => !edgeSet.has(e.id) && !nodeSet.has(e.source) && !nodeSet.has(e.target));
  if (nodes.length === doc.nodes.length && edges.length === doc.edges.length) return doc;
  return { ...doc, nodes, edges };
}

/**
 * Connects two ports when the port table allows it (matching types, a free single input, no cycle).
 * Handles left out are filled in from the kinds' only port, so the edge in the file always names both.
 */
export function connect(
  doc: PipelineDocument,
  c: Connection,
): { doc: PipelineDocument; verdict: ConnectionVerdict; edgeId?: string } {
  const verdict = canConnect(doc, c);
  if (!verdict.ok) return { doc, verdict };
  const source = doc.nodes.find((n) => n.id === c.source)!;
  const target = doc.nodes.find((n) => n.id === c.target)!;
  const edge: PipelineEdge = {
    id: freshEdgeId(doc),
    source: c.source,
    sourceHandle: outputPort(source.kind, c.sourceHandle)!.id,
    target: c.target,
    targetHandle: inputPort(target.kind, c.targetHandle)!.id,
  };
  return { doc: { ...doc, edges: [...doc.edges, edge] }, verdict, edgeId: edge.id };
}

/** Removes one edge. */
export function disconnect(doc: PipelineDocument, edgeId: string): PipelineDocument {
  return deleteElements(doc, [], [edgeId]);
}

function updateNode(doc: PipelineDocument, nodeId: string, update: (n: PipelineNode) => PipelineNode): PipelineDocument {
  let changed = false;
  const nodes = doc.nodes.map((n) => {
    if (n.id !== nodeId) return n;
    const next = update(n);
    if (next !== n) changed = true;
    return next;
  });
  return changed ? { ...doc, nodes } : doc;
}

/** Replaces a node's params wholesale. */
export function setParams(doc: PipelineDocument, nodeId: string, params: Record<string, unknown>): PipelineDocument {
  return updateNode(doc, nodeId, (n) => (sameJson(n.params, params) ? n : { ...n, params }));
}

/** Sets one param; `undefined` removes it, so the schema's default applies again. */
export function setParam(doc: PipelineDocument, nodeId: string, field: string, value: unknown): PipelineDocument {
  return updateNode(doc, nodeId, (n) => {
    if (value === undefined) {
      if (!(field in n.params)) return n;
      const params = { ...n.params };
      delete params[field];
      return { ...n, params };
    }
    if (sameJson(n.params[field], value)) return n;
    return { ...n, params: { ...n.params, [field]: value } };
  });
}

/** Sets a node's display label; an empty label is removed, so the kind is shown. */
export function setLabel(doc: PipelineDocument, nodeId: string, label: string): PipelineDocument {
  return updateNode(doc, nodeId, (n) => {
    const next = label.trim() === '' ? undefined : label;
    if (next === n.label) return n;
    const copy: PipelineNode = { ...n };
    if (next === undefined) delete copy.label;
    else copy.label = next;
    return copy;
  });
}

/** The document-level fields the inspector edits when no node is selected. */
export interface DocumentFields {
  name?: string;
  description?: string;
  seed?: number;
  settings?: PipelineSettings;
}

/** Sets document-level fields (name, description, seed, settings). */
export function setDocumentFields(doc: PipelineDocument, fields: DocumentFields): PipelineDocument {
  let next = doc;
  for (const key of Object.keys(fields) as (keyof DocumentFields)[]) {
    const value = fields[key];
    if (value === undefined || sameJson(next[key], value)) continue;
    next = { ...next, [key]: value };
  }
  return next;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Removes every edge into or out of the nodes ("Disconnect All"). */
export function disconnectNodes(doc: PipelineDocument, nodeIds: Iterable<string>): PipelineDocument {
  const ids = new Set(nodeIds);
  const edges = doc.edges.filter((e) => !ids.has(e.source) && !ids.has(e.target));
  return edges.length === doc.edges.length ? doc : { ...doc, edges };
}

/**
 * Copy and paste of nodes. A copy keeps the chosen nodes and the edges among them; pasting gives every
 * node a fresh id, remaps the copied edges to the new ids and drops edges that led outside the copy.
 */
import type { PipelineDocument, PipelineEdge, PipelineNode } from '../../../engine/format/pipeline.js';
import { freshEdgeId, freshNodeId } from './freshIds.js';

/** What the clipboard holds: plain JSON, so it may also travel through the system clipboard. */
export interface ClipboardContent {
  kind: 'fedflow/nodes';
  nodes: PipelineNode[];
  edges: PipelineEdge[];
}

/** Copies nodes and the edges whose both ends are among them. */
export function copyNodes(doc: PipelineDocument, nodeIds: Iterable<string>): ClipboardContent {
  const ids = new Set(nodeIds);
  const nodes = doc.nodes.filter((n) => ids.has(n.id));
  const edges = doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return structuredCloneJson({ kind: 'fedflow/nodes', nodes, edges });
}

/** Whether a parsed value is clipboard content this workbench wrote. */
export function isClipboardContent(value: unknown): value is ClipboardContent {
  const v = value as Partial<ClipboardContent> | null;
  return !!v && v.kind === 'fedflow/nodes' && Array.isArray(v.nodes) && Array.isArray(v.edges);
}

/**
 * Adds the clipboard's nodes to a document, shifted by `offset`, with fresh node and edge ids.
 * Returns the new document and the ids of the pasted nodes (to select them).
 */
export function pasteNodes(
  doc: PipelineDocument,
  clip: ClipboardContent,
  offset: { x: number; y: number } = { x: 40, y: 40 },
): { doc: PipelineDocument; nodeIds: string[]; edgeIds: string[] } {
  const idMap = new Map<string, string>();
  const takenNodes = new Set<string>();
  const nodes: PipelineNode[] = clip.nodes.map((n) => {
    const id = freshNodeId(doc, n.id, takenNodes);
    takenNodes.add(id);
    idMap.set(n.id, id);
    return {
      ...structuredCloneJson(n),
      id,
      position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
    };
  });
  const takenEdges = new Set<string>();
  const edges: PipelineEdge[] = [];
  for (const e of clip.edges) {
    const source = idMap.get(e.source);
    const target = idMap.get(e.target);
    if (!source || !target) continue;
    const id = freshEdgeId(doc, takenEdges);
    takenEdges.add(id);
    edges.push({ ...e, id, source, target });
  }
  if (nodes.length === 0) return { doc, nodeIds: [], edgeIds: [] };
  return {
    doc: { ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges] },
    nodeIds: nodes.map((n) => n.id),
    edgeIds: edges.map((e) => e.id),
  };
}

function structuredCloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

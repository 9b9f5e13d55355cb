/**
 * The document as React Flow nodes and edges. Node objects are reused while their document node,
 * problems and selection are unchanged, so React Flow re-renders only what changed; measured sizes
 * carry over from the previous nodes (React Flow measures them, the document does not keep them).
 */
import type { Edge, Node } from '@xyflow/react';
import type { PipelineDocument, PipelineNode } from '../../../engine/format/pipeline.js';
import { PORT_TYPES, outputPort } from '../../../engine/format/ports.js';
import type { Problem } from '../../../engine/format/problems.js';
import type { Selection } from '../store/viewStore.js';

export interface FlowNodeData extends Record<string, unknown> {
  node: PipelineNode;
  tabKey: string;
  problems: Problem[];
}

export type FlowNode = Node<FlowNodeData, 'pipeline'>;

const NO_PROBLEMS: Problem[] = [];

function sameProblems(a: Problem[], b: Problem[]): boolean {
  return a.length === b.length && a.every((p, i) => p.message === b[i].message && p.severity === b[i].severity && p.field === b[i].field);
}

/** React Flow nodes for a document. */
export function toFlowNodes(
  doc: PipelineDocument,
  problems: readonly Problem[],
  selection: Selection,
  tabKey: string,
  previous: readonly FlowNode[],
): FlowNode[] {
  const byNode = new Map<string, Problem[]>();
  for (const p of problems) {
    if (!p.nodeId) continue;
    const list = byNode.get(p.nodeId) ?? [];
    list.push(p);
    byNode.set(p.nodeId, list);
  }
  const prev = new Map(previous.map((n) => [n.id, n]));
  const selected = new Set(selection.nodes);
  return doc.nodes.map((node) => {
    const nodeProblems = byNode.get(node.id) ?? NO_PROBLEMS;
    const old = prev.get(node.id);
    const isSelected = selected.has(node.id);
    if (
      old &&
      old.data.node === node &&
      old.data.tabKey === tabKey &&
      !!old.selected === isSelected &&
      old.position.x === node.position.x &&
      old.position.y === node.position.y &&
      sameProblems(old.data.problems, nodeProblems)
    ) {
      return old;
    }
    return {
      id: node.id,
      type: 'pipeline',
      position: { x: node.position.x, y: node.position.y },
      data: { node, tabKey, problems: old && sameProblems(old.data.problems, nodeProblems) ? old.data.problems : nodeProblems },
      selected: isSelected,
      measured: old?.measured,
      className: `kind-${node.kind}`,
    } satisfies FlowNode;
  });
}

/** React Flow edges for a document, coloured by the type their source port sends. */
export function toFlowEdges(doc: PipelineDocument, selection: Selection, problems: readonly Problem[]): Edge[] {
  const selected = new Set(selection.edges);
  const bad = new Set(problems.filter((p) => p.edgeId && p.severity === 'error').map((p) => p.edgeId));
  const kinds = new Map(doc.nodes.map((n) => [n.id, n.kind]));
  return doc.edges.map((e) => {
    const kind = kinds.get(e.source);
    const port = kind ? outputPort(kind, e.sourceHandle) : undefined;
    const color = bad.has(e.id) ? 'var(--error)' : port ? PORT_TYPES[port.type].color : 'var(--muted)';
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      sourceHandle: e.sourceHandle ?? null,
      targetHandle: e.targetHandle ?? null,
      selected: selected.has(e.id),
      style: { stroke: color, strokeWidth: selected.has(e.id) ? 3 : 2 },
      className: bad.has(e.id) ? 'edge-invalid' : undefined,
    };
  });
}

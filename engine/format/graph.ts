/** Reading a pipeline's graph: which nodes feed which. */
import type { NodeKind } from './nodeKinds.js';
import type { PipelineDocument, PipelineNode } from './pipeline.js';
import { inputPort } from './ports.js';

/** The nodes connected to a node's input port, in edge order. */
export function sourcesOf(doc: PipelineDocument, nodeId: string, handle: string): PipelineNode[] {
  const target = doc.nodes.find((n) => n.id === nodeId);
  if (!target) return [];
  const result: PipelineNode[] = [];
  for (const e of doc.edges) {
    if (e.target !== nodeId) continue;
    if (inputPort(target.kind, e.targetHandle)?.id !== handle) continue;
    const source = doc.nodes.find((n) => n.id === e.source);
    if (source) result.push(source);
  }
  return result;
}

/** The one node of a kind feeding an input, if exactly one does. */
export function sourceOf(doc: PipelineDocument, nodeId: string, handle: string, kind: NodeKind): PipelineNode | undefined {
  const sources = sourcesOf(doc, nodeId, handle).filter((n) => n.kind === kind);
  return sources.length === 1 ? sources[0] : undefined;
}

/** The nodes a node feeds, in edge order. */
export function targetsOf(doc: PipelineDocument, nodeId: string): PipelineNode[] {
  return doc.edges
    .filter((e) => e.source === nodeId)
    .map((e) => doc.nodes.find((n) => n.id === e.target))
    .filter((n): n is PipelineNode => n !== undefined);
}

/** A readable name for a node in messages: its label, else its kind and id. */
export function nodeName(node: PipelineNode): string {
  return node.label ? `'${node.label}'` : `${node.kind} '${node.id}'`;
}

/** The ids of the nodes on some cycle, or none. */
export function findCycle(doc: PipelineDocument): string[] {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    state.set(id, 1);
    stack.push(id);
    for (const e of doc.edges) {
      if (e.source !== id) continue;
      const s = state.get(e.target);
      if (s === 1) return stack.slice(stack.indexOf(e.target));
      if (s === undefined) {
        const found = visit(e.target);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(id, 2);
    return null;
  };
  for (const n of doc.nodes) {
    if (!state.has(n.id)) {
      const found = visit(n.id);
      if (found) return found;
    }
  }
  return [];
}

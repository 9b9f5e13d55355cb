/**
 * Selections that follow the data: everything upstream of some nodes (what feeds them) or downstream (what
 * they feed), for the node menu's "Select Upstream" / "Select Downstream". Pure, over the document's edges.
 */
import type { PipelineDocument } from '../../../engine/format/pipeline.js';

function follow(doc: PipelineDocument, start: Iterable<string>, direction: 'up' | 'down'): string[] {
  const seen = new Set<string>(start);
  const stack = [...seen];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const e of doc.edges) {
      const [from, to] = direction === 'up' ? [e.target, e.source] : [e.source, e.target];
      if (from === id && !seen.has(to)) {
        seen.add(to);
        stack.push(to);
      }
    }
  }
  // In document order, so the selection reads the same whichever node was clicked.
  return doc.nodes.map((n) => n.id).filter((id) => seen.has(id));
}

/** The nodes and everything that feeds them, directly or not. */
export function upstreamOf(doc: PipelineDocument, nodeIds: Iterable<string>): string[] {
  return follow(doc, nodeIds, 'up');
}

/** The nodes and everything they feed, directly or not. */
export function downstreamOf(doc: PipelineDocument, nodeIds: Iterable<string>): string[] {
  return follow(doc, nodeIds, 'down');
}

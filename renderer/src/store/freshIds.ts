/** Fresh ids for nodes and edges: readable (`split-2`, `e7`) and unused in the document. */
import type { NodeKind } from '../../../engine/format/nodeKinds.js';
import type { PipelineDocument } from '../../../engine/format/pipeline.js';

/** The first `<kind>-<n>` (or `<base>-<n>`) not taken by a node of the document nor by `taken`. */
export function freshNodeId(doc: PipelineDocument, kind: NodeKind | string, taken: ReadonlySet<string> = new Set()): string {
  const used = new Set(doc.nodes.map((n) => n.id));
  const base = kind.replace(/-\d+$/, '');
  for (let i = 1; ; i++) {
    const id = `${base}-${i}`;
    if (!used.has(id) && !taken.has(id)) return id;
  }
}

/** The first `e<n>` not taken by an edge of the document nor by `taken`. */
export function freshEdgeId(doc: PipelineDocument, taken: ReadonlySet<string> = new Set()): string {
  const used = new Set(doc.edges.map((e) => e.id));
  for (let i = doc.edges.length + 1; ; i++) {
    const id = `e${i}`;
    if (!used.has(id) && !taken.has(id)) return id;
  }
}

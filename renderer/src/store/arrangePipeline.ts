/**
 * Auto-layout of a pipeline ("Layout: Arrange Pipeline"): the nodes that carry data, left to right by data
 * flow, with dagre (a maintained layered-graph layout) rather than a layout of our own; notes, which carry
 * no data, go in a row under the pipeline, out of its way. Pure: a document and the nodes' sizes in,
 * positions out, so the store applies them as one undo step.
 */
import dagre from '@dagrejs/dagre';
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import { newNodeSize } from './freeSpot.js';

/** A node's size on the canvas, as measured (or assumed before the canvas has measured it). */
export interface NodeSize {
  readonly width: number;
  readonly height: number;
}

/** Space between the columns (data-flow steps) and between the nodes within one. */
export const ARRANGE_SPACING = { rank: 80, node: 40, notes: 40 } as const;

/** New top-left positions for every node of the document: data flows rightwards, notes sit below. */
export function arrangePipeline(
  doc: PipelineDocument,
  sizes: Readonly<Record<string, NodeSize>> = {},
): Record<string, { x: number; y: number }> {
  const sizeOf = (id: string, kind: PipelineDocument['nodes'][number]['kind']) => sizes[id] ?? newNodeSize(kind);
  const flowing = doc.nodes.filter((n) => n.kind !== 'note');
  const notes = doc.nodes.filter((n) => n.kind === 'note');
  const positions: Record<string, { x: number; y: number }> = {};

  // Where the pipeline was, so arranging keeps it roughly in view rather than jumping to the origin.
  const anchor =
    doc.nodes.length > 0
      ? { x: Math.min(...doc.nodes.map((n) => n.position.x)), y: Math.min(...doc.nodes.map((n) => n.position.y)) }
      : { x: 0, y: 0 };

  let bottom = anchor.y;
  if (flowing.length > 0) {
    const g = new dagre.graphlib.Graph();
    g.setGraph({ rankdir: 'LR', ranksep: ARRANGE_SPACING.rank, nodesep: ARRANGE_SPACING.node, marginx: 0, marginy: 0 });
    g.setDefaultEdgeLabel(() => ({}));
    for (const n of flowing) g.setNode(n.id, { ...sizeOf(n.id, n.kind) });
    const ids = new Set(flowing.map((n) => n.id));
    for (const e of doc.edges) if (ids.has(e.source) && ids.has(e.target)) g.setEdge(e.source, e.target);
    dagre.layout(g);
    // dagre gives centres; the document keeps top-left corners.
    const raw = flowing.map((n) => {
      const p = g.node(n.id) as { x: number; y: number; width: number; height: number };
      return { id: n.id, x: p.x - p.width / 2, y: p.y - p.height / 2, height: p.height };
    });
    const minX = Math.min(...raw.map((r) => r.x));
    const minY = Math.min(...raw.map((r) => r.y));
    for (const r of raw) {
      const p = { x: Math.round(anchor.x + r.x - minX), y: Math.round(anchor.y + r.y - minY) };
      positions[r.id] = p;
      bottom = Math.max(bottom, p.y + r.height);
    }
    bottom += ARRANGE_SPACING.notes;
  }

  // Notes in a row under the pipeline, in document order.
  let x = anchor.x;
  for (const n of notes) {
    positions[n.id] = { x: Math.round(x), y: Math.round(bottom) };
    x += sizeOf(n.id, n.kind).width + ARRANGE_SPACING.node;
  }
  return positions;
}

/**
 * Where a new node goes when the user did not point at a spot (palette click, quick add, the command
 * palette): the free place nearest the one asked for, so it never lands on a node and hides it — a node on
 * top of another makes the next wiring drag grab the wrong one. Pure: boxes in, a position out.
 */
import type { NodeKind } from '../../../engine/format/nodeKinds.js';

/** A node's rectangle in flow coordinates. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The size a node is taken to have before the canvas has measured it (a node card without previews; canvas.css's widths). */
export const NEW_NODE_SIZE = { width: 210, height: 90 } as const;

/** The size a new node of a kind is taken to have: notes are wider cards (canvas.css). */
export function newNodeSize(kind: NodeKind): { width: number; height: number } {
  return kind === 'note' ? { width: 280, height: 90 } : NEW_NODE_SIZE;
}

/** Space kept between a new node and its neighbours. */
const GAP = 24;
/** How many rings of candidates are tried around the wanted spot before giving up and using it as is. */
const RINGS = 24;

const overlaps = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width + GAP && b.x < a.x + a.width + GAP && a.y < b.y + b.height + GAP && b.y < a.y + a.height + GAP;

/** The top-left corner nearest `wanted` where a node of `size` overlaps none of `boxes` (with a gap). */
export function freeSpot(wanted: { x: number; y: number }, boxes: readonly Box[], size: { width: number; height: number } = NEW_NODE_SIZE): { x: number; y: number } {
  const fits = (x: number, y: number) => !boxes.some((b) => overlaps({ x, y, ...size }, b));
  if (fits(wanted.x, wanted.y)) return wanted;
  // Candidates on a half-node grid around the wanted spot, ring by ring, each ring nearest first.
  const stepX = (size.width + GAP) / 2;
  const stepY = (size.height + GAP) / 2;
  for (let r = 1; r <= RINGS; r++) {
    const ring: { x: number; y: number; d: number }[] = [];
    for (let i = -r; i <= r; i++) {
      for (let j = -r; j <= r; j++) {
        if (Math.max(Math.abs(i), Math.abs(j)) !== r) continue;
        const x = wanted.x + i * stepX;
        const y = wanted.y + j * stepY;
        ring.push({ x, y, d: (i * stepX) ** 2 + (j * stepY) ** 2 });
      }
    }
    ring.sort((a, b) => a.d - b.d || a.y - b.y || a.x - b.x);
    const spot = ring.find((c) => fits(c.x, c.y));
    if (spot) return { x: Math.round(spot.x), y: Math.round(spot.y) };
  }
  return wanted;
}

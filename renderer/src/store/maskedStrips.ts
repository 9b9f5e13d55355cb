/**
 * The secure-aggregation preview as three small grey images of the same coordinates: one client's real
 * update, the masked words the server received for them, and the unmasked average. The update and the
 * average share one symmetric scale (mid-grey is 0) so they can be compared; the masked words are read
 * as fractions of the 2^32 ring, which is why they look like uniform noise. Pure, for tests.
 */
import type { SecureAggregationPreview } from '../../../engine/run/events.js';

/** Grey levels in 0..1, row-major in `rows` × `columns` cells of `cell` pixels (the last row may be short). */
export interface MaskedStrips {
  clientId: number;
  rows: number;
  columns: number;
  cell: number;
  update: number[];
  masked: number[];
  average: number[];
  /** The largest |value| of the update and the average: the scale's ends, −scale black and +scale white. */
  scale: number;
}

const RING = 2 ** 32;
/** Each image's longest side in pixels, so three fit side by side in a node. */
const IMAGE_PIXELS = 56;

/** The preview's three vectors as grey levels; null when it holds no coordinates. */
export function maskedStrips(p: SecureAggregationPreview): MaskedStrips | null {
  const n = Math.min(p.update.length, p.masked.length, p.average.length);
  if (n === 0) return null;
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(p.update[i]), Math.abs(p.average[i]));
  const grey = (v: number) => (scale > 0 ? 0.5 + v / (2 * scale) : 0.5);
  // An event that names no usable shape draws a near-square block.
  const columns = p.columns >= 1 ? Math.min(p.columns, n) : Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / columns);
  return {
    clientId: p.clientId,
    rows,
    columns,
    cell: Math.max(1, Math.min(8, Math.floor(IMAGE_PIXELS / Math.max(rows, columns)))),
    update: p.update.slice(0, n).map(grey),
    masked: p.masked.slice(0, n).map((w) => w / RING),
    average: p.average.slice(0, n).map(grey),
    scale,
  };
}

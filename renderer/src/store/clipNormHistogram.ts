/**
 * The clip-norm histogram of a round (an aggregator with differential privacy): the L2 norms of the
 * round's updates as they reached the server, in equal bins from 0 to past the clip norm C, with C's
 * place marked. Pure, so it is tested without a page; the aggregator node's preview draws it.
 */
import type { SpeedBin } from './speedHistogram.js';

/** A round's update norms binned, with where the clip norm falls. */
export interface ClipNormHistogram {
  /** Equal-width bins over [0, top]; a bin counts the updates with norm in [from, to) (the last includes `to`). */
  bins: SpeedBin[];
  /** Where C falls on the axis, from 0 (left) to 1 (right). */
  clipAt: number;
  clipNorm: number;
  /** Updates with norm above C (clipped by a server-side mode, or noised past it by local DP). */
  above: number;
  updates: number;
}

/** The bins a node's preview draws. */
export const CLIP_NORM_BINS = 10;

/**
 * Bins the norms over [0, top], top the larger of the largest norm and C·1.25 so C never sits on the
 * right edge; null when there is no finite norm.
 */
export function clipNormHistogram(norms: readonly number[], clipNorm: number, bins = CLIP_NORM_BINS): ClipNormHistogram | null {
  const values = norms.filter((n) => Number.isFinite(n) && n >= 0);
  if (values.length === 0 || !(clipNorm > 0)) return null;
  const top = Math.max(clipNorm * 1.25, ...values);
  const width = top / bins;
  const out: SpeedBin[] = Array.from({ length: bins }, (_, i) => ({ from: i * width, to: (i + 1) * width, count: 0 }));
  for (const v of values) out[Math.min(bins - 1, Math.floor(v / width))].count++;
  return { bins: out, clipAt: clipNorm / top, clipNorm, above: values.filter((v) => v > clipNorm).length, updates: values.length };
}

/** What the histogram says in words, for its label and tooltip. */
export function describeClipNorms(h: ClipNormHistogram): string {
  const within = h.updates - h.above;
  return `${within} of ${h.updates} update norm${h.updates === 1 ? '' : 's'} within the clip norm C = ${formatNorm(h.clipNorm)}${h.above > 0 ? `, ${h.above} above` : ''}`;
}

/** A norm with three significant digits. */
export function formatNorm(n: number): string {
  return n.toPrecision(3);
}

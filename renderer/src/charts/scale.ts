/** Linear scales and round tick values for the small SVG charts. */
import { byteUnit, type ByteUnit } from '../../../engine/text/bytes.js';

/** About `count` round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Maps [d0, d1] onto [r0, r1]. */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** A short label for a number: 0.93, 12.5k, 3.2M. */
export function shortNumber(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${(v / 1e9).toFixed(a >= 1e10 ? 0 : 1)}G`;
  if (a >= 1e6) return `${(v / 1e6).toFixed(a >= 1e7 ? 0 : 1)}M`;
  if (a >= 1e3) return `${(v / 1e3).toFixed(a >= 1e4 ? 0 : 1)}k`;
  if (a === 0) return '0';
  if (a < 0.01) return v.toExponential(0);
  return Number(v.toPrecision(3)).toString();
}

/** A time axis in one unit: its ticks (in seconds), the unit's name and how many seconds it holds. */
export interface TimeAxis {
  ticks: number[];
  unit: 's' | 'min' | 'h' | 'd';
  seconds: number;
}

const TIME_UNITS: readonly { unit: TimeAxis['unit']; seconds: number }[] = [
  { unit: 'd', seconds: 86400 },
  { unit: 'h', seconds: 3600 },
  { unit: 'min', seconds: 60 },
  { unit: 's', seconds: 1 },
];

/**
 * About `count` round ticks over [min, max] seconds, in the largest unit of which the span holds at
 * least two (seconds, minutes, hours, days), so a two-hour run reads 0, 0.5, 1, 1.5, 2 h, not 0, 2000, 4000 s.
 */
export function timeTicks(min: number, max: number, count = 5): TimeAxis {
  const span = Math.abs(max - min);
  const { unit, seconds } = TIME_UNITS.find((u) => span >= 2 * u.seconds) ?? TIME_UNITS[TIME_UNITS.length - 1];
  const ticks = niceTicks(min / seconds, max / seconds, count).map((t) => Number((t * seconds).toPrecision(12)));
  return { ticks, unit, seconds };
}

/** A tick's value in its axis' unit, as a short label: 2, 2.5, 0.25. */
export function timeTickLabel(value: number, axis: Pick<TimeAxis, 'seconds'>): string {
  return Number((value / axis.seconds).toPrecision(6)).toString();
}

/** A bytes axis in one unit: its ticks (in bytes), the unit's name and how many bytes it holds. */
export interface ByteAxis {
  ticks: number[];
  unit: ByteUnit['unit'];
  bytes: number;
}

/**
 * About `count` round ticks over [min, max] bytes, in the largest unit the top of the axis holds once
 * (B, kB, MB, GB, decimal as traffic is counted), so 1.8 MB reads 0, 0.5, 1, 1.5 MB, not 0, 500000….
 */
export function byteTicks(min: number, max: number, count = 5): ByteAxis {
  const { unit, bytes } = byteUnit(Math.max(Math.abs(min), Math.abs(max)));
  const ticks = niceTicks(min / bytes, max / bytes, count).map((t) => Number((t * bytes).toPrecision(12)));
  return { ticks, unit, bytes };
}

/** A tick's value in its axis' unit, as a short label: 2, 2.5, 0.25. */
export function byteTickLabel(value: number, axis: Pick<ByteAxis, 'bytes'>): string {
  return Number((value / axis.bytes).toPrecision(6)).toString();
}

/** How a chart's y axis maps values: evenly, or by decades (losses that span several orders of magnitude). */
export type YScale = 'linear' | 'log';

/** Whether a value can be drawn on a y axis of this scale: finite, and above zero on a log axis. */
export function plottable(value: number, scale: YScale): boolean {
  return Number.isFinite(value) && (scale === 'linear' || value > 0);
}

/** The 1-2-5 steps of one decade, the ticks a log axis reads best with. */
const LOG_STEPS = [1, 2, 5] as const;

/** The largest 1-2-5 value (…0.5, 1, 2, 5, 10…) at or below `v`; `v` must be positive and finite. */
export function logFloor(v: number): number {
  const decade = 10 ** Math.floor(Math.log10(v));
  const step = [...LOG_STEPS].reverse().find((m) => m * decade <= v * (1 + 1e-12)) ?? 1;
  return Number((step * decade).toPrecision(12));
}

/** The smallest 1-2-5 value at or above `v`; `v` must be positive and finite. */
export function logCeil(v: number): number {
  const decade = 10 ** Math.floor(Math.log10(v));
  const step = [...LOG_STEPS, 10].find((m) => m * decade >= v * (1 - 1e-12)) ?? 10;
  return Number((step * decade).toPrecision(12));
}

/**
 * The range a log axis shows for values in [min, max]: widened to the 1-2-5 values around them, so the
 * axis starts and ends on a tick. Only the positive, finite values count (the caller filters with
 * `plottable`); null when there is none, so no chart ever takes the log of zero or a negative number.
 */
export function logDomain(min: number, max: number): [number, number] | null {
  if (!(min > 0) || !(max > 0) || !Number.isFinite(min) || !Number.isFinite(max)) return null;
  const lo = logFloor(Math.min(min, max));
  let hi = logCeil(Math.max(min, max));
  if (hi <= lo) hi = logCeil(lo * 1.5);
  return [lo, hi];
}

/**
 * Ticks on a log axis over [min, max] (both positive): 1, 2 and 5 of each decade while at most `count`
 * of them fit, else the powers of ten (every k-th one over a very wide range, from the first shown).
 */
export function logTicks(min: number, max: number, count = 6): number[] {
  if (!(min > 0) || !(max > min) || !Number.isFinite(max)) return [];
  const first = Math.floor(Math.log10(min));
  const last = Math.ceil(Math.log10(max));
  const inRange = (v: number) => v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9);
  const all: number[] = [];
  for (let d = first; d <= last; d++) for (const m of LOG_STEPS) all.push(Number((m * 10 ** d).toPrecision(12)));
  const fine = all.filter(inRange);
  if (fine.length <= count) return fine;
  const powers = all.filter((v, i) => i % LOG_STEPS.length === 0 && inRange(v));
  // Too few powers of ten to carry the axis (a range inside about one decade): the 1-2-5 values, crowded or not.
  if (powers.length < 2) return fine;
  const every = Math.ceil(powers.length / count);
  return powers.filter((_, i) => i % every === 0);
}

/** Maps [d0, d1] (both positive) onto [r0, r1] by decades; only for values `plottable` on a log axis. */
export function logarithmic(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const l0 = Math.log10(d0);
  const span = Math.log10(d1) - l0 || 1;
  return (v) => r0 + ((Math.log10(v) - l0) / span) * (r1 - r0);
}

/**
 * A line's points cut into runs of drawable ones: a value that cannot be drawn (not finite; zero or
 * below on a log axis) ends a run rather than putting NaN into an SVG path.
 */
export function plottableRuns<P extends { x: number; y: number }>(points: readonly P[], scale: YScale): P[][] {
  const runs: P[][] = [];
  let run: P[] = [];
  for (const p of points) {
    if (Number.isFinite(p.x) && plottable(p.y, scale)) {
      run.push(p);
    } else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/**
 * A heatmap cell's shade (fill opacity) for a count, on one scale from 0 to the largest count shown, so
 * the colour legend reads the same for every row: an empty cell is all but blank, the largest full.
 */
export function heatOpacity(count: number, max: number): number {
  if (!Number.isFinite(count) || count <= 0 || !(max > 0)) return 0.06;
  return 0.15 + 0.85 * Math.min(1, count / max);
}

/** The counts a heatmap's legend shows a swatch for: 0, then `steps` even steps up to `max` (rounded). */
export function heatLegendCounts(max: number, steps = 5): number[] {
  const top = Number.isFinite(max) && max > 0 ? max : 0;
  if (top === 0) return [0];
  return Array.from({ length: steps + 1 }, (_, k) => Math.round((k / steps) * top)).filter((v, i, a) => i === 0 || v !== a[i - 1]);
}

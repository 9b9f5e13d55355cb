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

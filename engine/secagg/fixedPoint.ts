/**
 * Fixed-point encoding for secure aggregation. Masks only cancel in exact integer arithmetic, so each
 * client turns its float update into integers modulo 2^32 (a Uint32Array: additions wrap by themselves).
 *
 * Bound: values are clipped to [−R, R] and scaled by s, then rounded to the nearest integer, so each client
 * contributes |q| ≤ R·s + ½. The sum of n clients is read back as a signed 32-bit integer, which is exact
 * while n·(R·s + ½) < 2^31; `fixedPointScale` picks s = (2^31 − 1 − n) / (n·R), which meets it.
 * Error: rounding moves each coordinate of each client by ≤ 1/(2s), so the decoded sum is within n/(2s) of
 * the sum of the clipped values (plus float32 rounding of the result).
 */
import { SecAggError } from './secaggError.js';

/** The largest signed 32-bit integer plus one: the sum must stay strictly inside ±2^31. */
const HALF_RANGE = 2 ** 31;

/** The scale s for n clients whose values are clipped to [−range, range]: n·(range·s + ½) < 2^31. */
export function fixedPointScale(clients: number, range: number): number {
  if (!Number.isInteger(clients) || clients < 1) {
    throw new SecAggError('settings', `Secure aggregation needs a whole number of clients ≥ 1, got ${clients}.`);
  }
  if (!Number.isFinite(range) || range <= 0) {
    throw new SecAggError('settings', `The clipping range must be a positive finite number, got ${range}.`);
  }
  const scale = (HALF_RANGE - 1 - clients) / (clients * range);
  if (!(scale > 0)) {
    throw new SecAggError('settings', `${clients} clients are too many for 32-bit fixed point.`);
  }
  return scale;
}

/** The worst-case error per coordinate of the decoded sum of n clients at scale s: n/(2s). */
export function quantisationErrorBound(clients: number, scale: number): number {
  return clients / (2 * scale);
}

/** Clips each value to [−range, range], scales by `scale`, rounds, and stores it modulo 2^32. */
export function quantise(values: Float32Array, range: number, scale: number): Uint32Array {
  const out = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      throw new SecAggError('vector', `Coordinate ${i} of the update is ${v}; secure aggregation needs finite numbers.`);
    }
    const clipped = v > range ? range : v < -range ? -range : v;
    out[i] = Math.round(clipped * scale) >>> 0;
  }
  return out;
}

/** Reads a sum modulo 2^32 as signed 32-bit integers and divides by the scale. */
export function dequantise(sum: Uint32Array, scale: number): Float32Array {
  const out = new Float32Array(sum.length);
  for (let i = 0; i < sum.length; i++) out[i] = (sum[i] | 0) / scale;
  return out;
}

/** Adds b into a in place, modulo 2^32. */
export function addInto(a: Uint32Array, b: Uint32Array): void {
  for (let i = 0; i < a.length; i++) a[i] = (a[i] + b[i]) >>> 0;
}

/** Subtracts b from a in place, modulo 2^32. */
export function subtractInto(a: Uint32Array, b: Uint32Array): void {
  for (let i = 0; i < a.length; i++) a[i] = (a[i] - b[i]) >>> 0;
}

/**
 * Fixed point modulo 2^32: the scale is chosen so that n clients' clipped sum cannot overflow, even when
 * every client sits at the edge of the range, and values outside the range are clipped, not wrapped.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixedPointScale, dequantise, quantisationErrorBound, quantise, SecAggError } from '../../../engine/secagg/index.js';

function sumOf(vectors: Uint32Array[]): Uint32Array {
  const out = new Uint32Array(vectors[0].length);
  for (const v of vectors) for (let i = 0; i < out.length; i++) out[i] = (out[i] + v[i]) >>> 0;
  return out;
}

describe('fixed-point encoding for secure aggregation', () => {
  it('does not overflow when all 1,000 clients send the extreme values ±R', () => {
    const n = 1000;
    const range = 2;
    const scale = fixedPointScale(n, range);
    const q = quantise(Float32Array.from([range, -range, 10 * range, -5]), range, scale);
    const sum = dequantise(sumOf(new Array<Uint32Array>(n).fill(q)), scale);
    const bound = quantisationErrorBound(n, scale) + n * range * 2 ** -23;
    for (const [i, expected] of [n * range, -n * range, n * range, -n * range].entries()) {
      assert.ok(Math.abs(sum[i] - expected) <= bound, `coordinate ${i}: ${sum[i]} vs ${expected}`);
    }
  });

  it('refuses a non-finite coordinate and a non-positive range with a sentence', () => {
    assert.throws(() => quantise(Float32Array.from([0, NaN]), 1, 10), (e: unknown) => e instanceof SecAggError && /Coordinate 1 .* NaN/.test(e.message));
    assert.throws(() => fixedPointScale(10, 0), (e: unknown) => e instanceof SecAggError && /positive finite/.test(e.message));
  });
});

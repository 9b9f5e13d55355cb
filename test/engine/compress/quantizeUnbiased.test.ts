/** Stochastic rounding is unbiased: averaged over seeds, decoded values converge on the originals. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { quantizeCompressor } from '../../../engine/compress/index.js';

it('quantize is unbiased: the mean of 2000 seeded decodes is within 5σ of every coordinate', () => {
  // One block with min −0.4 and max 0.6 (range 1) at 2 bits: L = 3, step 1/3. A coordinate decodes to
  // one of its two neighbouring levels, so its variance is at most step²/4 and the mean of N = 2000
  // decodes has σ ≤ step/(2√N) ≈ 0.0037; tolerance 5σ ≈ 0.019. Rounding to the nearest level would be
  // off by up to step/2 ≈ 0.17 (0.1 sits 0.1 from a level), and rounding down by up to a whole step.
  const v = Float32Array.from([-0.4, 0.6, 0.1, -0.3, 0.25, 0.5, 0, 0.45]);
  const seeds = 2000;
  const step = 1 / 3;
  const tolerance = (5 * step) / (2 * Math.sqrt(seeds));
  const q = quantizeCompressor(2);
  const sum = new Float64Array(v.length);
  for (let seed = 0; seed < seeds; seed++) {
    const d = q.decode(q.encode(v, seed));
    for (let i = 0; i < v.length; i++) sum[i] += d[i];
  }
  for (let i = 0; i < v.length; i++) {
    const mean = sum[i] / seeds;
    assert.ok(Math.abs(mean - v[i]) < tolerance, `coordinate ${i}: mean ${mean}, value ${v[i]}, tolerance ${tolerance}`);
  }
});

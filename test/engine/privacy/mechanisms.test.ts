/** Clipping, Gaussian noise, adaptive clipping and local DP, each on what a user would check. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  adaptiveNoiseParams,
  AdaptiveClipNorm,
  addGaussianNoise,
  centralNoiseStd,
  clipModelUpdate,
  clipUpdate,
  l2Norm,
  localDpUpdate,
} from '../../../engine/privacy/index.js';
import { Rng } from '../../../engine/random/rng.js';

const stdOf = (v: Float32Array): number => {
  let m = 0;
  for (const x of v) m += x;
  m /= v.length;
  let s = 0;
  for (const x of v) s += (x - m) ** 2;
  return Math.sqrt(s / (v.length - 1));
};

describe('clipping', () => {
  it('scales an update longer than C down to norm C, keeping its direction', () => {
    const { clipped, norm, withinBound } = clipUpdate(Float32Array.from([3, 4]), 1);
    assert.equal(norm, 5);
    assert.equal(withinBound, false);
    assert.deepEqual([...clipped].map((x) => +x.toFixed(6)), [0.6, 0.8]);
  });

  it('leaves an update within C (and a zero update) unchanged', () => {
    assert.deepEqual([...clipUpdate(Float32Array.from([0.3, 0.4]), 1).clipped].map((x) => +x.toFixed(6)), [0.3, 0.4]);
    assert.deepEqual([...clipUpdate(new Float32Array(3), 1).clipped], [0, 0, 0]);
  });

  it('clips the model update weights − global, not the weights', () => {
    const { weights } = clipModelUpdate(Float32Array.from([13, 14]), Float32Array.from([10, 10]), 2.5);
    assert.deepEqual([...weights].map((x) => +x.toFixed(5)), [11.5, 12]);
  });
});

describe('Gaussian noise', () => {
  it("has Flower's std σ·C/m on the average of m clients, and repeats exactly with the seed", () => {
    assert.equal(centralNoiseStd(1.5, 2, 10), 0.3);
    const zero = new Float32Array(20000);
    const a = addGaussianNoise(zero, 0.3, new Rng(7));
    assert.ok(Math.abs(stdOf(a) - 0.3) < 0.01, `std ${stdOf(a)}`);
    assert.deepEqual(a, addGaussianNoise(zero, 0.3, new Rng(7)));
    assert.notDeepEqual(a, addGaussianNoise(zero, 0.3, new Rng(8)));
  });
});

describe('adaptive clipping', () => {
  it('moves the clip norm to the target quantile of the update norms', () => {
    // Update norms uniform on [0, 4]: the 0.3-quantile is 1.2, the median 2.
    for (const [gamma, quantile] of [[0.3, 1.2], [0.5, 2]] as const) {
      const rng = new Rng(11);
      const clip = new AdaptiveClipNorm({ initialClipNorm: 0.1, targetQuantile: gamma, learningRate: 0.2, clippedCountStddev: 0.5 });
      const late: number[] = [];
      for (let round = 0; round < 400; round++) {
        let within = 0;
        for (let c = 0; c < 50; c++) if (rng.next() * 4 <= clip.value) within++;
        clip.update(within, 50, rng);
        if (round >= 200) late.push(clip.value);
      }
      const mean = late.reduce((s, x) => s + x, 0) / late.length;
      assert.ok(Math.abs(mean - quantile) < 0.15 * quantile, `γ ${gamma}: C settled at ${mean}, expected near ${quantile}`);
    }
  });

  it("spends part of the noise on the count as Flower does, and refuses σ ≥ 2σ_b", () => {
    const p = adaptiveNoiseParams(1, 100, undefined);
    assert.ok('noiseMultiplier' in p);
    assert.equal(p.clippedCountStddev, 5);
    assert.ok(Math.abs(p.noiseMultiplier - Math.pow(1 - 1 / 100, -0.5)) < 1e-12);
    assert.ok('error' in adaptiveNoiseParams(1, 10, undefined));
  });
});

describe('local DP', () => {
  it('clips the update to C and adds noise of std σ·C to every coordinate', () => {
    const n = 20000;
    const global = new Float32Array(n);
    const weights = new Float32Array(n).fill(1); // norm √n, clipped to C = 2
    const out = localDpUpdate(weights, global, 2, 0.5, new Rng(3));
    assert.ok(Math.abs(stdOf(out) - 1) < 0.03, `std ${stdOf(out)}`);
    const meanOut = out.reduce((s, x) => s + x, 0) / n;
    assert.ok(Math.abs(meanOut - 2 / Math.sqrt(n)) < 0.03);
    assert.ok(l2Norm(localDpUpdate(weights, global, 2, 0, new Rng(3))) - 2 < 1e-3);
  });
});

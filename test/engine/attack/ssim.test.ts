/** SSIM as scikit-image computes it by default (7×7 uniform windows, sample covariance), and MSE. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { meanSquaredError } from '../../../engine/attack/mse.js';
import { ssim } from '../../../engine/attack/ssim.js';

const N = 28 * 28;
/** Two deterministic 28×28 patterns, and a disk with a faint copy of the first added: reproducible anywhere. */
const a = Array.from({ length: N }, (_, i) => ((i * 37) % 101) / 100);
const b = Array.from({ length: N }, (_, i) => ((i * 53 + 7) % 97) / 96);
const disk = Array.from({ length: N }, (_, i) => (((Math.floor(i / 28) - 13.5) ** 2 + ((i % 28) - 13.5) ** 2 < 64 ? 1 : 0)));
const blurred = disk.map((v, i) => Math.min(1, Math.max(0, v * 0.8 + 0.1 * a[i])));

describe('SSIM', () => {
  it('is 1 for identical images, flat ones included', () => {
    assert.equal(ssim(a, a, 28, 28), 1);
    const grey = new Array<number>(N).fill(0.5);
    assert.equal(ssim(grey, grey, 28, 28), 1);
  });

  it('matches scikit-image’s algorithm on known images', () => {
    // References: skimage's structural_similarity code path (uniform_filter of size 7, cov_norm 49/48,
    // K1 0.01, K2 0.03, data_range 1, cropped by 3) run with numpy/scipy on the same arrays.
    assert.ok(Math.abs(ssim(a, b, 28, 28) - 0.045784754753199285) < 1e-9, String(ssim(a, b, 28, 28)));
    assert.ok(Math.abs(ssim(disk, blurred, 28, 28) - 0.7917058047385307) < 1e-9, String(ssim(disk, blurred, 28, 28)));
  });

  it('is close to −1 for an image against its negative, computed by hand in one window', () => {
    // μ 0.5 both, sample variances 0.5, covariance −0.5: (0.5001·−0.9991)/(0.5001·1.0009).
    assert.ok(Math.abs(ssim([0, 1], [1, 0], 1, 2) - -0.9991 / 1.0009) < 1e-12);
  });

  it('refuses images of the wrong size in plain words', () => {
    assert.throws(() => ssim([0, 1, 2], [0, 1], 1, 2), /SSIM needs two 1×2 images; got 3 and 2 values/);
  });
});

describe('MSE', () => {
  it('is the mean of the squared differences', () => {
    assert.equal(meanSquaredError([0, 1, 0.5], [0, 0, 1]), (0 + 1 + 0.25) / 3);
    assert.equal(meanSquaredError(a, a), 0);
  });
});

/**
 * The structural similarity index (SSIM, Wang et al. 2004) of two grayscale images, as scikit-image's
 * `structural_similarity` computes it by default: a 7×7 uniform window, sample covariances (divided by
 * N − 1), K1 = 0.01, K2 = 0.03, and the mean over every window that lies wholly inside the image (skimage
 * filters the whole image, then crops the half-window border, which leaves exactly those windows). An
 * image smaller than the window is compared in one window, the whole image (the "global" SSIM).
 */

/** SSIM's constants and window, scikit-image's defaults. */
export const SSIM_DEFAULTS = { window: 7, k1: 0.01, k2: 0.03 } as const;

/** The SSIM of one window: a, b are the two images (row-major, `width` wide), the window at (top, left) of size h×w. */
function windowSsim(a: ArrayLike<number>, b: ArrayLike<number>, width: number, top: number, left: number, h: number, w: number, c1: number, c2: number): number {
  const n = h * w;
  let sa = 0;
  let sb = 0;
  for (let r = top; r < top + h; r++) {
    for (let c = left; c < left + w; c++) {
      sa += a[r * width + c];
      sb += b[r * width + c];
    }
  }
  const ma = sa / n;
  const mb = sb / n;
  let vaa = 0;
  let vbb = 0;
  let vab = 0;
  for (let r = top; r < top + h; r++) {
    for (let c = left; c < left + w; c++) {
      const da = a[r * width + c] - ma;
      const db = b[r * width + c] - mb;
      vaa += da * da;
      vbb += db * db;
      vab += da * db;
    }
  }
  // Sample covariances, as skimage's use_sample_covariance=True; a 1-pixel window has none.
  const norm = n > 1 ? n - 1 : 1;
  vaa /= norm;
  vbb /= norm;
  vab /= norm;
  return ((2 * ma * mb + c1) * (2 * vab + c2)) / ((ma * ma + mb * mb + c1) * (vaa + vbb + c2));
}

/**
 * The mean SSIM of images `a` and `b` of `height`×`width` pixels (row-major), values spanning `dataRange`
 * (1 for pixels in [0, 1]). 1 means identical; 0 no structure in common; it can go below 0.
 */
export function ssim(a: ArrayLike<number>, b: ArrayLike<number>, height: number, width: number, dataRange = 1, window: number = SSIM_DEFAULTS.window): number {
  if (a.length !== height * width || b.length !== height * width) {
    throw new RangeError(`SSIM needs two ${height}×${width} images; got ${a.length} and ${b.length} values.`);
  }
  const c1 = (SSIM_DEFAULTS.k1 * dataRange) ** 2;
  const c2 = (SSIM_DEFAULTS.k2 * dataRange) ** 2;
  const h = Math.min(window, height);
  const w = Math.min(window, width);
  let sum = 0;
  let count = 0;
  for (let top = 0; top + h <= height; top++) {
    for (let left = 0; left + w <= width; left++) {
      sum += windowSsim(a, b, width, top, left, h, w, c1, c2);
      count++;
    }
  }
  return sum / count;
}

/** Mean squared error between two images (or any two vectors of the same length). */

/** The mean of (aᵢ − bᵢ)² over all i, in double precision. */
export function meanSquaredError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`MSE needs two vectors of one length; got ${a.length} and ${b.length}.`);
  if (a.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    s += d * d;
  }
  return s / a.length;
}

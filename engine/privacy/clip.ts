/**
 * Clipping an update to an L2 norm, as Flower's `compute_clip_model_update` does: the update is
 * scaled by min(1, C/‖Δ‖) over all layers at once, so its direction is kept and its norm is at most C.
 */

/** The L2 norm of a flat vector (accumulated in double precision). */
export function l2Norm(values: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  return Math.sqrt(sum);
}

/** What clipping did to one update. */
export interface ClipResult {
  /** The clipped update (a new array; the input is not changed). */
  readonly clipped: Float32Array;
  /** The update's norm before clipping. */
  readonly norm: number;
  /** Whether the norm was within the bound (Flower's "norm bit", used by adaptive clipping). */
  readonly withinBound: boolean;
}

/** Clips a delta to L2 norm `clipNorm` (scale by min(1, C/‖Δ‖)); a zero delta stays zero. */
export function clipUpdate(delta: Float32Array, clipNorm: number): ClipResult {
  const norm = l2Norm(delta);
  const scale = norm > clipNorm && norm > 0 ? clipNorm / norm : 1;
  const clipped = new Float32Array(delta.length);
  for (let i = 0; i < delta.length; i++) clipped[i] = delta[i] * scale;
  return { clipped, norm, withinBound: norm <= clipNorm };
}

/** Clips the update `weights − global` and returns `global + clipped update` (Flower's compute_clip_model_update). */
export function clipModelUpdate(weights: Float32Array, global: Float32Array, clipNorm: number): ClipResult & { readonly weights: Float32Array } {
  const delta = new Float32Array(weights.length);
  for (let i = 0; i < weights.length; i++) delta[i] = weights[i] - global[i];
  const result = clipUpdate(delta, clipNorm);
  const out = new Float32Array(weights.length);
  for (let i = 0; i < weights.length; i++) out[i] = global[i] + result.clipped[i];
  return { ...result, weights: out };
}

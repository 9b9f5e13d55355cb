/**
 * Local DP as Flower's LocalDpMod: each client clips its own update to C and adds its own Gaussian noise
 * with std σ·C before sending, so the server never sees an un-noised update. (Flower's mod draws its noise
 * with std `sensitivity · sqrt(2 ln(1.25/δ)) / ε`; here it is given as σ·C so the same σ reads the same everywhere.)
 */
import type { Rng } from '../random/rng.js';
import { clipModelUpdate } from './clip.js';
import { addGaussianNoise } from './gaussianNoise.js';

/** Clips `weights − global` to `clipNorm`, adds N(0, (σ·C)²) to each coordinate of the update, returns the new weights. */
export function localDpUpdate(weights: Float32Array, global: Float32Array, clipNorm: number, noiseMultiplier: number, rng: Rng): Float32Array {
  const { weights: clipped } = clipModelUpdate(weights, global, clipNorm);
  return addGaussianNoise(clipped, noiseMultiplier * clipNorm, rng);
}

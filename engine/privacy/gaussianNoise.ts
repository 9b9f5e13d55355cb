/**
 * The Gaussian mechanism's noise. Flower's central DP (`add_gaussian_noise_to_params`) adds noise to the
 * AVERAGE of m clipped updates with std σ·C/m (`compute_stdv`): the sum has sensitivity C, the average C/m.
 */
import type { Rng } from '../random/rng.js';

/** Flower's compute_stdv: the noise std on an average of `sampledClients` updates clipped to `clipNorm`. */
export function centralNoiseStd(noiseMultiplier: number, clipNorm: number, sampledClients: number): number {
  return (noiseMultiplier * clipNorm) / Math.max(1, sampledClients);
}

/** Adds N(0, std²) to every coordinate, drawing from `rng` in index order (seeded, so it repeats exactly). */
export function addGaussianNoise(values: Float32Array, std: number, rng: Rng): Float32Array {
  const out = new Float32Array(values.length);
  if (std === 0) {
    out.set(values);
    return out;
  }
  for (let i = 0; i < values.length; i++) out[i] = values[i] + rng.normal(0, std);
  return out;
}

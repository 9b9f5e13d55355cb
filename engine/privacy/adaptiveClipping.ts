/**
 * Adaptive clipping (Andrew et al. 2021, "Differentially Private Learning with Adaptive Clipping"), as in
 * Flower's DifferentialPrivacyServerSideAdaptiveClipping: after each round the clip norm moves
 * geometrically towards the γ-quantile of the update norms, C ← C·exp(−η_C(b̄ − γ)), where b̄ is the
 * fraction of updates with norm ≤ C, itself noised with std σ_b on the count.
 */
import type { Rng } from '../random/rng.js';

/** The settings of adaptive clipping. */
export interface AdaptiveClippingConfig {
  /** Starting clip norm C₀ (Flower's default 0.1; ours comes from clipNorm). */
  readonly initialClipNorm: number;
  /** Target quantile γ of update norms that should fall under C (default 0.5). */
  readonly targetQuantile: number;
  /** Clip-norm learning rate η_C (default 0.2). */
  readonly learningRate: number;
  /** Std σ_b of the noise on the count of unclipped updates (Flower's default: sampled clients / 20). */
  readonly clippedCountStddev: number;
}

/** Flower's compute_adaptive_noise_params: the count noise σ_b and the update noise multiplier left once σ_b spends its share. */
export function adaptiveNoiseParams(
  noiseMultiplier: number,
  sampledClients: number,
  clippedCountStddev: number | undefined,
): { readonly clippedCountStddev: number; readonly noiseMultiplier: number } | { readonly error: string } {
  if (noiseMultiplier <= 0) return { clippedCountStddev: clippedCountStddev ?? 0, noiseMultiplier: 0 };
  const sigmaB = clippedCountStddev ?? sampledClients / 20;
  // Andrew et al. Thm 1: the pair (σ_Δ, σ_b) is as private as one Gaussian with z^-2 = σ_Δ^-2 + (2σ_b)^-2,
  // so the count's noise takes a share of the budget and the update noise grows to make up for it.
  if (noiseMultiplier >= 2 * sigmaB) {
    return { error: `noiseMultiplier ${noiseMultiplier} must be below 2 × clippedCountStddev (${2 * sigmaB}) for adaptive clipping.` };
  }
  const adjusted = Math.pow(noiseMultiplier ** -2 - (2 * sigmaB) ** -2, -0.5);
  return { clippedCountStddev: sigmaB, noiseMultiplier: adjusted };
}

/** The clip norm of adaptive clipping, updated once per round from the norm bits of that round's updates. */
export class AdaptiveClipNorm {
  private norm: number;

  constructor(private readonly config: AdaptiveClippingConfig) {
    this.norm = config.initialClipNorm;
  }

  /** The clip norm to use for this round's updates. */
  get value(): number {
    return this.norm;
  }

  /** Updates C from how many of `total` updates had norm ≤ C (the noised fraction b̄); returns the new C. `countStddev` overrides σ_b for this round. */
  update(withinBoundCount: number, total: number, rng: Rng, countStddev = this.config.clippedCountStddev): number {
    if (total === 0) return this.norm;
    const noisedCount = countStddev > 0 ? rng.normal(withinBoundCount, countStddev) : withinBoundCount;
    const fraction = noisedCount / total;
    this.norm *= Math.exp(-this.config.learningRate * (fraction - this.config.targetQuantile));
    return this.norm;
  }
}

import type { ClientUpdate, Strategy } from './types.js';
import { weightedAverage64 } from './weightedAverage.js';

/** The three adaptive server optimisers of Reddi et al. 2021, differing only in how v is updated. */
export type FedOptVariant = 'FedAdam' | 'FedYogi' | 'FedAdagrad';

export interface FedOptOptions {
  /** Server learning rate η. */
  readonly eta: number;
  /** Decay of the first moment m. */
  readonly beta1: number;
  /** Decay of the second moment v (unused by FedAdagrad, as in Flower). */
  readonly beta2: number;
  /** Adaptivity τ, added to √v so small v cannot blow the step up. */
  readonly tau: number;
}

export interface FedOptState {
  /** First moment, or null before the first round with updates. */
  readonly m: Float64Array | null;
  /** Second moment, or null before the first round with updates. */
  readonly v: Float64Array | null;
}

/** The state every FedOpt variant starts from. */
export const initialFedOptState: FedOptState = { m: null, v: null };

/**
 * One round of FedAdam, FedYogi or FedAdagrad (Reddi et al. 2021, Algorithm 2, without bias correction);
 * returns the new weights and the new state, leaving the old state untouched.
 *
 * m and v start at zero, as Flower initialises them, rather than Reddi's v₋₁ ≥ τ²: τ already sits in the
 * denominator, so the first step is η·m/(√v + τ) ≈ η·sign(Δ) and no extra hyperparameter is needed.
 * No bias correction, as in the paper and Flower's original FedAdam; if a Flower release scales FedAdam's η
 * by an Adam-style correction, its early rounds will take smaller steps than these.
 */
export function fedOptStep(
  variant: FedOptVariant,
  global: Float32Array,
  updates: readonly ClientUpdate[],
  state: FedOptState,
  options: FedOptOptions,
): { weights: Float32Array; state: FedOptState } {
  // No updates: no Δ, and decaying the moments towards zero would distort the next real step.
  if (updates.length === 0) return { weights: global.slice(), state };
  const average = weightedAverage64(updates, global.length);
  for (const [label, moment] of [['m', state.m], ['v', state.v]] as const) {
    if (moment !== null && moment.length !== global.length) {
      throw new Error(`${variant}'s ${label} has ${moment.length} weights but the global model has ${global.length}`);
    }
  }
  const { eta, beta1, beta2, tau } = options;
  const m = new Float64Array(global.length);
  const v = new Float64Array(global.length);
  const next = new Float32Array(global.length);
  for (let j = 0; j < global.length; j++) {
    const delta = average[j] - global[j];
    const squared = delta * delta;
    const mPrev = state.m === null ? 0 : state.m[j];
    const vPrev = state.v === null ? 0 : state.v[j];
    m[j] = beta1 * mPrev + (1 - beta1) * delta;
    switch (variant) {
      case 'FedAdagrad':
        v[j] = vPrev + squared;
        break;
      case 'FedAdam':
        v[j] = beta2 * vPrev + (1 - beta2) * squared;
        break;
      case 'FedYogi':
        // Yogi moves v towards Δ² by an additive step, so one large Δ cannot make v forget its history.
        v[j] = vPrev - (1 - beta2) * squared * Math.sign(vPrev - squared);
        break;
    }
    next[j] = global[j] + (eta * m[j]) / (Math.sqrt(v[j]) + tau);
  }
  return { weights: next, state: { m, v } };
}

/** Flower's FedAdam, FedYogi or FedAdagrad as a Strategy that carries m and v from round to round. */
export function fedOptStrategy(variant: FedOptVariant, options: FedOptOptions): Strategy {
  let state = initialFedOptState;
  return {
    name: variant,
    aggregate(global, updates) {
      const result = fedOptStep(variant, global, updates, state, options);
      state = result.state;
      return result.weights;
    },
  };
}

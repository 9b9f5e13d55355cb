import type { AggregationRule, ClientUpdate } from './types.js';
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
  /**
   * Apply Flower's bias correction (default false, Reddi et al.'s uncorrected step). Flower corrects only
   * FedAdam (fedadam.py scales η by √(1 − β2^(r+1)) / (1 − β1^(r+1)) in server round r); its FedYogi and
   * FedAdagrad take the plain step, so for them this option changes nothing.
   */
  readonly biasCorrection?: boolean;
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
 * The factor Flower's FedAdam multiplies η by in server round `serverRound` (1 in the first round):
 * √(1 − β2^(r+1)) / (1 − β1^(r+1)), Kingma & Ba's α_t with t = r + 1.
 *
 * The exponent is Flower's `server_round + 1.0`, so round 1 already gets Adam's t = 2 factor (with Flower's
 * β1 = 0.9, β2 = 0.99 about 0.742, not Adam's 1 at t = 1); matching it keeps our runs comparable to Flower's.
 */
export function fedAdamBiasCorrection(beta1: number, beta2: number, serverRound: number): number {
  const t = serverRound + 1;
  return Math.sqrt(1 - beta2 ** t) / (1 - beta1 ** t);
}

/**
 * One round of FedAdam, FedYogi or FedAdagrad (Reddi et al. 2021, Algorithm 2); returns the new weights
 * and the new state, leaving the old state untouched.
 *
 * m and v start at zero, as Flower initialises them, rather than Reddi's v₋₁ ≥ τ²: τ already sits in the
 * denominator, so the first step is η·m/(√v + τ) ≈ η·sign(Δ) and no extra hyperparameter is needed.
 * Without `options.biasCorrection` this is the paper's uncorrected step (and Flower's FedAdam before it
 * added the correction). With it, FedAdam scales η by fedAdamBiasCorrection(β1, β2, serverRound) as current
 * Flower does; FedYogi and FedAdagrad are left uncorrected, as in Flower.
 *
 * `serverRound` is a parameter, not a state field, because Flower's exponent is the server round itself:
 * rounds without updates (and runs resumed at a later round) still advance it although no step is taken.
 * It is 1-based like Flower's server_round and required only when FedAdam's correction is applied.
 *
 * Flower's FedAdagrad has no beta_1 or beta_2 parameters: it fixes β1 = 0 (so m is just this round's Δ)
 * and never reads β2. Pass beta1: 0 to match it; beta2 is ignored here too.
 */
export function fedOptStep(
  variant: FedOptVariant,
  global: Float32Array,
  updates: readonly ClientUpdate[],
  state: FedOptState,
  options: FedOptOptions,
  serverRound?: number,
): { weights: Float32Array; state: FedOptState } {
  const { eta, beta1, beta2, tau, biasCorrection = false } = options;
  const corrected = biasCorrection && variant === 'FedAdam';
  if (serverRound !== undefined && (!Number.isInteger(serverRound) || serverRound < 1)) {
    throw new RangeError(`The server round must be a whole number from 1 up, got ${serverRound}`);
  }
  if (corrected && serverRound === undefined) {
    throw new RangeError('FedAdam with bias correction needs the server round (1 in the first round)');
  }
  // No updates: no Δ, and decaying the moments towards zero would distort the next real step.
  if (updates.length === 0) return { weights: global.slice(), state };
  const average = weightedAverage64(updates, global.length);
  for (const [label, moment] of [['m', state.m], ['v', state.v]] as const) {
    if (moment !== null && moment.length !== global.length) {
      throw new Error(`${variant}'s ${label} has ${moment.length} weights but the global model has ${global.length}`);
    }
  }
  // Flower corrects the learning rate, not m and v, so the stored moments are the same either way.
  const stepSize = corrected ? eta * fedAdamBiasCorrection(beta1, beta2, serverRound as number) : eta;
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
    next[j] = global[j] + (stepSize * m[j]) / (Math.sqrt(v[j]) + tau);
  }
  return { weights: next, state: { m, v } };
}

/**
 * Flower's FedAdam, FedYogi or FedAdagrad as an AggregationRule that carries m and v from round to round.
 * The bias correction uses the server round the caller passes; without one, the n-th aggregate call
 * (empty rounds included) is taken to be round n.
 */
export function fedOptStrategy(variant: FedOptVariant, options: FedOptOptions): AggregationRule {
  let state = initialFedOptState;
  let serverRound = 0;
  return {
    name: variant,
    aggregate(global, updates, round) {
      serverRound = round ?? serverRound + 1;
      const result = fedOptStep(variant, global, updates, state, options, serverRound);
      state = result.state;
      return result.weights;
    },
  };
}

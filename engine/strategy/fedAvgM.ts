import type { AggregationRule, ClientUpdate } from './types.js';
import { weightedAverage64 } from './weightedAverage.js';

export interface FedAvgMOptions {
  /** Server learning rate (Flower's server_learning_rate). */
  readonly serverLearningRate: number;
  /** Server momentum β (Flower's server_momentum); 0 turns momentum off. */
  readonly serverMomentum: number;
}

export interface FedAvgMState {
  /** The momentum vector, or null before the first round with updates (or when momentum is off). */
  readonly velocity: Float64Array | null;
}

/** The state FedAvgM starts from. */
export const initialFedAvgMState: FedAvgMState = { velocity: null };

/**
 * One round of Flower's FedAvgM (Hsu et al. 2019): server SGD with momentum on the pseudo-gradient
 * global − FedAvg(updates); returns the new weights and the new state, leaving the old state untouched.
 */
export function fedAvgMStep(
  global: Float32Array,
  updates: readonly ClientUpdate[],
  state: FedAvgMState,
  options: FedAvgMOptions,
): { weights: Float32Array; state: FedAvgMState } {
  // No updates: no gradient to step along, and the momentum must not decay or advance either.
  if (updates.length === 0) return { weights: global.slice(), state };
  const average = weightedAverage64(updates, global.length);
  const { serverLearningRate: lr, serverMomentum: beta } = options;
  const previous = state.velocity;
  if (previous !== null && previous.length !== global.length) {
    throw new Error(`FedAvgM's momentum has ${previous.length} weights but the global model has ${global.length}`);
  }
  // Flower uses the first pseudo-gradient itself as the first momentum vector (PyTorch's SGD convention).
  const velocity = beta > 0 ? new Float64Array(global.length) : null;
  const next = new Float32Array(global.length);
  for (let j = 0; j < global.length; j++) {
    const pseudoGradient = global[j] - average[j];
    let step = pseudoGradient;
    if (velocity !== null) {
      velocity[j] = previous === null ? pseudoGradient : beta * previous[j] + pseudoGradient;
      step = velocity[j];
    }
    next[j] = global[j] - lr * step;
  }
  return { weights: next, state: { velocity } };
}

/** Flower's FedAvgM as an AggregationRule that carries its momentum vector from round to round. */
export function fedAvgMStrategy(options: FedAvgMOptions): AggregationRule {
  let state = initialFedAvgMState;
  return {
    name: 'FedAvgM',
    aggregate(global, updates) {
      const result = fedAvgMStep(global, updates, state, options);
      state = result.state;
      return result.weights;
    },
  };
}

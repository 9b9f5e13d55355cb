import { orderUpdates } from './orderUpdates.js';
import type { ClientUpdate } from './types.js';

/**
 * Σ n_i w_i / Σ n_i as Float64, for strategies that keep computing with the average (FedAvgM, FedOpt)
 * and should not lose precision to an intermediate Float32 rounding.
 */
export function weightedAverage64(updates: readonly ClientUpdate[], expectedLength?: number): Float64Array {
  const ordered = orderUpdates(updates, expectedLength);
  if (ordered.length === 0) throw new RangeError('Cannot average an empty list of updates');
  const total = ordered.reduce((sum, u) => sum + u.numExamples, 0);
  // With no examples anywhere, Σ n_i w_i / Σ n_i is 0/0; weighing clients equally keeps the model finite.
  if (total === 0) return unweightedAverage64(ordered);
  const acc = new Float64Array(ordered[0].weights.length);
  // Client-major loop in id order: each coordinate's sum is formed in the same order on every run.
  for (const { weights, numExamples } of ordered) {
    for (let j = 0; j < acc.length; j++) acc[j] += numExamples * weights[j];
  }
  for (let j = 0; j < acc.length; j++) acc[j] /= total;
  return acc;
}

/** The plain mean of the updates' weights as Float64, ignoring their numbers of examples. */
export function unweightedAverage64(updates: readonly ClientUpdate[], expectedLength?: number): Float64Array {
  const ordered = orderUpdates(updates, expectedLength);
  if (ordered.length === 0) throw new RangeError('Cannot average an empty list of updates');
  const acc = new Float64Array(ordered[0].weights.length);
  for (const { weights } of ordered) {
    for (let j = 0; j < acc.length; j++) acc[j] += weights[j];
  }
  for (let j = 0; j < acc.length; j++) acc[j] /= ordered.length;
  return acc;
}

/** Σ n_i w_i / Σ n_i over the updates, summed in Float64 in increasing clientId order; throws if empty. */
export function weightedAverage(updates: readonly ClientUpdate[], expectedLength?: number): Float32Array {
  return new Float32Array(weightedAverage64(updates, expectedLength));
}

/** The plain mean of the updates' weights (every client counts once); throws if empty. */
export function unweightedAverage(updates: readonly ClientUpdate[], expectedLength?: number): Float32Array {
  return new Float32Array(unweightedAverage64(updates, expectedLength));
}

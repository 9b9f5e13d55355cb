import { orderUpdates } from './orderUpdates.js';
import type { AggregationRule, ClientUpdate } from './types.js';

/**
 * Coordinate-wise trimmed mean (Yin et al. 2018): per coordinate, drop the floor(β·n) smallest and largest
 * values and average the rest, unweighted, as Flower's FedTrimmedAvg (scipy's trim_mean) does.
 */
export function fedTrimmedAvg(global: Float32Array, updates: readonly ClientUpdate[], beta: number): Float32Array {
  // β ≥ 0.5 would cut every value; params.ts forbids it, but this function may be called directly.
  if (!(beta >= 0 && beta < 0.5)) throw new RangeError(`FedTrimmedAvg's beta must be in [0, 0.5), got ${beta}`);
  if (updates.length === 0) return global.slice();
  const ordered = orderUpdates(updates, global.length);
  const n = ordered.length;
  const cut = Math.floor(beta * n);
  const kept = n - 2 * cut;
  const column = new Float64Array(n);
  const result = new Float32Array(global.length);
  for (let j = 0; j < global.length; j++) {
    for (let i = 0; i < n; i++) column[i] = ordered[i].weights[j];
    column.sort();
    let sum = 0;
    for (let i = cut; i < n - cut; i++) sum += column[i];
    result[j] = sum / kept;
  }
  return result;
}

/** Flower's FedTrimmedAvg as an AggregationRule; it keeps no state between rounds. */
export function fedTrimmedAvgStrategy(beta: number): AggregationRule {
  if (!(beta >= 0 && beta < 0.5)) throw new RangeError(`FedTrimmedAvg's beta must be in [0, 0.5), got ${beta}`);
  return { name: 'FedTrimmedAvg', aggregate: (global, updates) => fedTrimmedAvg(global, updates, beta) };
}

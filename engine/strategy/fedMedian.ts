import { orderUpdates } from './orderUpdates.js';
import type { AggregationRule, ClientUpdate } from './types.js';

/** Coordinate-wise median of the updates (unweighted; an even count takes the mean of the two middle values). */
export function fedMedian(global: Float32Array, updates: readonly ClientUpdate[]): Float32Array {
  if (updates.length === 0) return global.slice();
  const ordered = orderUpdates(updates, global.length);
  const n = ordered.length;
  const column = new Float64Array(n);
  const result = new Float32Array(global.length);
  const middle = n >> 1;
  for (let j = 0; j < global.length; j++) {
    for (let i = 0; i < n; i++) column[i] = ordered[i].weights[j];
    column.sort();
    result[j] = n % 2 === 1 ? column[middle] : (column[middle - 1] + column[middle]) / 2;
  }
  return result;
}

/** Flower's FedMedian as an AggregationRule; it keeps no state between rounds. */
export function fedMedianStrategy(): AggregationRule {
  return { name: 'FedMedian', aggregate: fedMedian };
}

import type { AggregationRule, ClientUpdate } from './types.js';
import { weightedAverage } from './weightedAverage.js';

/** FedAvg (McMahan et al. 2017): the updates averaged by their numbers of examples. */
export function fedAvg(global: Float32Array, updates: readonly ClientUpdate[]): Float32Array {
  // A round where every sampled client dropped out leaves the model where it was.
  if (updates.length === 0) return global.slice();
  return weightedAverage(updates, global.length);
}

/** Flower's FedAvg as an AggregationRule; it keeps no state between rounds. */
export function fedAvgStrategy(): AggregationRule {
  return { name: 'FedAvg', aggregate: fedAvg };
}

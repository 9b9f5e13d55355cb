/** Turns an aggregator's secure-aggregation params and its plan into the wrapped strategy a federation runs. */
import type { AggregatorParams } from '../format/params.js';
import { weightCount, type ModelSpec } from '../model/modelSpec.js';
import type { Partition } from '../split/partition.js';
import { previewCoordinates } from './previewCoordinates.js';
import { withSecureAggregation, type AsyncFitStrategy } from './secureAggregationStrategy.js';
import type { Strategy } from './strategy.js';

/** The client groups of an aggregator, as far as the example bound needs them. */
export interface SecureGroupShards {
  readonly splitId: string;
  readonly splitClients: readonly number[];
}

/** The largest training shard of the aggregator's clients: the public bound N on a client's example count. */
export function largestShard(groups: readonly SecureGroupShards[], partitions: ReadonlyMap<string, Partition>): number {
  let largest = 1;
  for (const g of groups) {
    const t = partitions.get(g.splitId)?.trainOffsets;
    if (!t) continue;
    for (const c of g.splitClients) largest = Math.max(largest, t[c + 1] - t[c]);
  }
  return largest;
}

/** The strategy itself, or wrapped in secure aggregation when the aggregator turns it on; `model` picks the preview's coordinates. */
export function secureAggregationFor(
  strategy: Strategy,
  params: AggregatorParams,
  groups: readonly SecureGroupShards[],
  partitions: ReadonlyMap<string, Partition>,
  seed: number,
  model?: ModelSpec,
): AsyncFitStrategy {
  if (!params.secureAggregation) return strategy;
  return withSecureAggregation(strategy, {
    range: params.secAggRange,
    graph: params.secAggGraph,
    exampleBound: largestShard(groups, partitions),
    seed,
    // Client-side adaptive clipping's norm bits go through the secure sum too, so the server learns only their count.
    normBits: params.privacy === 'client-adaptive',
    ...(model ? { preview: previewCoordinates(model, weightCount(model)) } : {}),
  });
}

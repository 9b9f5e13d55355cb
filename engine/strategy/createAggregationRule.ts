import { STRATEGY_NAMES, type AggregatorParams } from '../format/params.js';
import { assertNever } from '../format/nodeKinds.js';
import { fedAvgStrategy } from './fedAvg.js';
import { fedAvgMStrategy } from './fedAvgM.js';
import { fedMedianStrategy } from './fedMedian.js';
import { fedOptStrategy } from './fedOpt.js';
import { fedTrimmedAvgStrategy } from './fedTrimmedAvg.js';
import { krumStrategy, multiKrumStrategy } from './krum.js';
import type { AggregationRule } from './types.js';

/** The strategies that need more than one pure rule over the round's updates (client state, extra client output, a round check). */
const PROTOCOL_STRATEGIES = ['SCAFFOLD', 'QFedAvg', 'Bulyan'] as const;

/** The strategies whose whole server step is one pure rule over the round's updates. */
export type RuleStrategyParams = Exclude<AggregatorParams, { strategy: (typeof PROTOCOL_STRATEGIES)[number] }>;

/** The names of those strategies. */
export const RULE_STRATEGY_NAMES = STRATEGY_NAMES.filter(
  (n): n is RuleStrategyParams['strategy'] => !(PROTOCOL_STRATEGIES as readonly string[]).includes(n),
);

/** A fresh AggregationRule (with fresh server state) for an aggregator node's parsed params. */
export function createAggregationRule(params: RuleStrategyParams): AggregationRule {
  switch (params.strategy) {
    case 'FedAvg':
      return fedAvgStrategy();
    case 'FedAvgM':
      return fedAvgMStrategy(params);
    case 'FedAdam':
    case 'FedYogi':
    case 'FedAdagrad':
      return fedOptStrategy(params.strategy, params);
    case 'FedMedian':
      return fedMedianStrategy();
    case 'FedTrimmedAvg':
      return fedTrimmedAvgStrategy(params.beta);
    case 'Krum':
      return krumStrategy(params.numMalicious);
    case 'MultiKrum':
      return multiKrumStrategy(params.numMalicious, params.numToKeep);
    default:
      // Adding a strategy to params.ts without a case here is a compile error.
      return assertNever(params, 'aggregation strategy');
  }
}

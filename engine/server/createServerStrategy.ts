/** The Flower-shaped strategy of an aggregator node: its rule or algorithm, wrapped in its failure policy and its privacy mechanism. */
import type { AggregatorParams } from '../format/params.js';
import { createAggregationRule } from '../strategy/createAggregationRule.js';
import { bulyanStrategy } from './bulyanStrategy.js';
import { withFailurePolicy } from './failurePolicy.js';
import { withPrivacy } from './privacyStrategy.js';
import { qFedAvgStrategy } from './qFedAvgStrategy.js';
import { roundPolicy, ruleStrategy } from './ruleStrategy.js';
import { scaffoldStrategy } from './scaffoldStrategy.js';
import type { Strategy } from './strategy.js';

/**
 * A fresh Strategy (with fresh server state) for an aggregator node's parsed params. Privacy wraps the
 * failure policy, so a round the policy stops is neither noised nor accounted; its noise is seeded by
 * the run seed and the aggregator.
 */
export function createServerStrategy(params: AggregatorParams, seed = 0, aggregatorId = ''): Strategy {
  return withPrivacy(withFailurePolicy(baseStrategy(params), params.acceptFailures), params, seed, aggregatorId);
}

function baseStrategy(params: AggregatorParams): Strategy {
  switch (params.strategy) {
    case 'SCAFFOLD':
      return scaffoldStrategy(params);
    case 'QFedAvg':
      return qFedAvgStrategy(params);
    case 'Bulyan':
      return bulyanStrategy(params);
    default:
      return ruleStrategy(createAggregationRule(params), roundPolicy(params));
  }
}

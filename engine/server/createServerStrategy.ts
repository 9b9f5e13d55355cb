/** The Flower-shaped strategy of an aggregator node: its rule or algorithm, wrapped in its failure policy. */
import type { AggregatorParams } from '../format/params.js';
import { createAggregationRule } from '../strategy/createAggregationRule.js';
import { bulyanStrategy } from './bulyanStrategy.js';
import { withFailurePolicy } from './failurePolicy.js';
import { qFedAvgStrategy } from './qFedAvgStrategy.js';
import { roundPolicy, ruleStrategy } from './ruleStrategy.js';
import { scaffoldStrategy } from './scaffoldStrategy.js';
import type { Strategy } from './strategy.js';

/** A fresh Strategy (with fresh server state) for an aggregator node's parsed params. */
export function createServerStrategy(params: AggregatorParams): Strategy {
  return withFailurePolicy(baseStrategy(params), params.acceptFailures);
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

import type { AggregatorParams } from '../format/params.js';
import { assertNever } from '../format/nodeKinds.js';
import { fedAvgStrategy } from './fedAvg.js';
import { fedAvgMStrategy } from './fedAvgM.js';
import { fedMedianStrategy } from './fedMedian.js';
import { fedOptStrategy } from './fedOpt.js';
import { fedTrimmedAvgStrategy } from './fedTrimmedAvg.js';
import { krumStrategy, multiKrumStrategy } from './krum.js';
import type { Strategy } from './types.js';

/** A fresh Strategy (with fresh server state) for an aggregator node's parsed params. */
export function createStrategy(params: AggregatorParams): Strategy {
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

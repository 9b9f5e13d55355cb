/**
 * Bulyan (El Mhamdi et al. 2018) as a Strategy: Krum picks n − 2f updates one by one, then each coordinate
 * averages the n − 4f values nearest its median. It needs n ≥ 4f + 3 updates; a round with fewer stops the
 * run with a message saying how many it needs, as Flower's Bulyan refuses the round.
 */
import type { AggregatorParams } from '../format/params.js';
import { bulyan, bulyanMinClients } from '../strategy/bulyan.js';
import { holdoutEvaluation, roundPolicy, sampleAndConfigure, updatesOf } from './ruleStrategy.js';
import type { Strategy } from './strategy.js';

type BulyanParams = Extract<AggregatorParams, { strategy: 'Bulyan' }>;

/** A fresh Bulyan strategy. */
export function bulyanStrategy(params: BulyanParams): Strategy {
  const f = params.numMalicious;
  return {
    name: 'Bulyan',
    configureFit: (round, global, clients) => sampleAndConfigure(round, global, clients, roundPolicy(params)),
    aggregateFit(round, global, results) {
      if (results.length === 0) return { weights: global.slice() };
      const needed = bulyanMinClients(f);
      if (results.length < needed) {
        return {
          field: 'params.numMalicious',
          message: `Bulyan with numMalicious ${f} needs at least ${needed} updates a round (4f + 3), but round ${round} had ${results.length}. Sample more clients or lower numMalicious.`,
        };
      }
      const { weights, selected } = bulyan(global, updatesOf(results), f);
      return { weights, selected };
    },
    ...holdoutEvaluation,
  };
}

/**
 * q-FedAvg (Li et al. 2020) as a Strategy: each client is asked for its loss F_k at the global model
 * before it trains, and the server weighs the updates by F_k^q, so clients the model serves badly pull
 * harder. Flower's QFedAvg uses the server's central loss for every client instead; with per-client
 * losses this is the paper's algorithm.
 */
import type { AggregatorParams } from '../format/params.js';
import { qFedAvg } from '../strategy/qFedAvg.js';
import { holdoutEvaluation, roundPolicy, sampleAndConfigure } from './ruleStrategy.js';
import type { Strategy } from './strategy.js';

type QFedAvgParams = Extract<AggregatorParams, { strategy: 'QFedAvg' }>;

/** A fresh q-FedAvg strategy. */
export function qFedAvgStrategy(params: QFedAvgParams): Strategy {
  return {
    name: 'QFedAvg',
    configureFit: (round, global, clients) => sampleAndConfigure(round, global, clients, roundPolicy(params), (config) => ({ config: { ...config, lossBeforeFit: true } })),
    aggregateFit(_round, global, results) {
      if (results.length === 0) return { weights: global.slice() };
      const updates = results
        .map(({ client, res }) => {
          const loss = res.metrics.lossBeforeFit;
          if (loss === undefined || !Number.isFinite(loss)) throw new Error(`QFedAvg: client ${client.cid} sent no finite loss before training`);
          return { clientId: client.cid, weights: res.weights, numExamples: res.numExamples, loss };
        })
        .sort((a, b) => a.clientId - b.clientId);
      return { weights: qFedAvg(global, updates, { q: params.q, learningRate: params.qfflLearningRate }) };
    },
    ...holdoutEvaluation,
  };
}

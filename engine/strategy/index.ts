export type { AggregationRule, ClientUpdate } from './types.js';
export { orderUpdates } from './orderUpdates.js';
export { weightedAverage, weightedAverage64, unweightedAverage, unweightedAverage64 } from './weightedAverage.js';
export { fedAvg, fedAvgStrategy } from './fedAvg.js';
export { fedAvgMStep, fedAvgMStrategy, initialFedAvgMState } from './fedAvgM.js';
export type { FedAvgMOptions, FedAvgMState } from './fedAvgM.js';
export { fedAdamBiasCorrection, fedOptStep, fedOptStrategy, initialFedOptState } from './fedOpt.js';
export type { FedOptOptions, FedOptState, FedOptVariant } from './fedOpt.js';
export { fedMedian, fedMedianStrategy } from './fedMedian.js';
export { fedTrimmedAvg, fedTrimmedAvgStrategy } from './fedTrimmedAvg.js';
export {
  krum,
  multiKrum,
  krumScores,
  krumScoresAmong,
  krumNeighbourCount,
  krumStrategy,
  multiKrumStrategy,
  squaredDistanceMatrix,
} from './krum.js';
export type { KrumResult } from './krum.js';
export { createAggregationRule, RULE_STRATEGY_NAMES } from './createAggregationRule.js';
export type { RuleStrategyParams } from './createAggregationRule.js';
export { bulyan, bulyanMinClients } from './bulyan.js';
export type { BulyanResult } from './bulyan.js';
export { flowerQFedAvgOptions, qFedAvg, Q_FEDAVG_LOSS_EPSILON } from './qFedAvg.js';
export type { QFedAvgOptions, QFedAvgUpdate } from './qFedAvg.js';
export { scaffoldClientVariate, scaffoldServerStep } from './scaffold.js';
export type { ScaffoldClientVariate, ScaffoldResult } from './scaffold.js';

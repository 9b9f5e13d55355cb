/** The server side of the federation protocol: strategies, client proxies, sampling and failure policy. */
export type * from './clientProxy.js';
export type * from './strategy.js';
export { isRoundStop } from './strategy.js';
export { createServerStrategy } from './createServerStrategy.js';
export { ruleStrategy, holdoutEvaluation, sampleAndConfigure, updatesOf, configureHoldoutEvaluation, weightedScores } from './ruleStrategy.js';
export { withFailurePolicy } from './failurePolicy.js';
export { scaffoldStrategy } from './scaffoldStrategy.js';
export { qFedAvgStrategy } from './qFedAvgStrategy.js';
export { bulyanStrategy } from './bulyanStrategy.js';
export { sampleCount, sampleClients, dropsOut } from './sampling.js';
export { fitConfigFor } from './fitConfig.js';
export { decodeFitRes } from './decodeFitRes.js';
export type { DecodedFit, VectorDecoder } from './decodeFitRes.js';
export { signMajorityVote, votedWeights } from './signVote.js';
export { fitInsBytes, fitResBytes, tensorBytes } from './messageBytes.js';
export { encodeBroadcast } from './encodeBroadcast.js';

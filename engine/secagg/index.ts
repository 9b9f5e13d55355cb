/**
 * Secure aggregation (Bonawitz et al. 2017, with SecAgg+'s sparse graph from Bell et al. 2020): the server
 * learns the sum of the clients' updates and nothing about any one of them. Browser-safe (WebCrypto only).
 *
 * Threat model: an honest-but-curious server, and clients that follow the protocol. The threshold is a
 * strict majority of a neighbourhood, so a server that tells different clients different stories about
 * who dropped still cannot gather t shares of both secrets of one client (each honest client answers
 * once), unless it colludes with clients of that neighbourhood. Not covered: Bonawitz's consistency-check
 * round with signatures (an actively malicious server colluding with clients), and the graph's seed,
 * which a deployment must draw fresh each round and keep from clients in advance.
 */
export { SecAggError, type SecAggField } from './secaggError.js';
export { fixedPointScale, quantisationErrorBound, quantise, dequantise } from './fixedPoint.js';
export { splitSecret, combineShares, SHAMIR_PRIME, type Share } from './shamir.js';
export { completeGraph, sparseGraph, defaultDegree, buildGraph, type GraphChoice, type NeighbourGraph } from './neighbours.js';
export { maskInput, pairSign } from './masks.js';
export type * from './messages.js';
export { messageBytes } from './messages.js';
export { SecAggClient } from './client.js';
export { SecAggServer, type SecAggSettings, type SecAggResult } from './server.js';
export { secureSum, defaultGraph, defaultThreshold, type SecureSumOptions, type SecureSumResult, type SecureSumStats } from './secureSum.js';

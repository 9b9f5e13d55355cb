/**
 * signSGD with majority vote (Bernstein et al. 2018), the aggregator's `signVote`: each client sends the
 * signs of its update and one scale (compression `sign`, whose scale is the mean |u| of the update the
 * client coded); the server counts the votes per coordinate and moves every coordinate by the same step,
 * Δ = s · sign(Σᵢ signᵢ), where s is the mean of the clients' scales. A tied coordinate (as many + as −)
 * does not move.
 */
import type { Signs } from '../compress/sign.js';

/** The voted update Δ of a round's sign-coded updates (signs ±1 and a scale each), given in increasing client id. */
export function signMajorityVote(updates: readonly Signs[]): Float32Array {
  const length = updates[0]?.signs.length ?? 0;
  const votes = new Int32Array(length);
  let scales = 0;
  for (const { scale, signs } of updates) {
    for (let j = 0; j < length; j++) votes[j] += signs[j];
    scales += scale;
  }
  const s = updates.length > 0 ? scales / updates.length : 0;
  const delta = new Float32Array(length);
  for (let j = 0; j < length; j++) delta[j] = s * Math.sign(votes[j]);
  return delta;
}

/** base + Δ: the weights every voting client counts as having sent. */
export function votedWeights(base: Float32Array, delta: Float32Array): Float32Array {
  const out = new Float32Array(base.length);
  for (let i = 0; i < base.length; i++) out[i] = base[i] + delta[i];
  return out;
}

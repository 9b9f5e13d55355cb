/** Shared fixtures for the secure-aggregation tests: seeded updates and their exact expected sums. */
import { Rng } from '../../../engine/random/rng.js';
import { fixedPointScale, quantise } from '../../../engine/secagg/index.js';

/** `clients` seeded updates of `length` coordinates, mostly inside ±range with a few outliers to clip. */
export function randomUpdates(clients: number, length: number, range: number, seed = 1): Float32Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: clients }, () => Float32Array.from({ length }, () => rng.normal(0, range / 2)));
}

/** Each client's quantised input, as the protocol computes it. */
export function quantisedInputs(updates: readonly Float32Array[], range: number): Uint32Array[] {
  const scale = fixedPointScale(updates.length, range);
  return updates.map((u) => quantise(u, range, scale));
}

/** The exact sum modulo 2^32 of the quantised inputs of `ids`. */
export function integerSum(quantised: readonly Uint32Array[], ids: Iterable<number>): Uint32Array {
  const out = new Uint32Array(quantised[0].length);
  for (const id of ids) for (let i = 0; i < out.length; i++) out[i] = (out[i] + quantised[id][i]) >>> 0;
  return out;
}

/** Ids 0..n−1 without `leave`. */
export function allBut(n: number, leave: readonly number[]): number[] {
  return Array.from({ length: n }, (_, i) => i).filter((i) => !leave.includes(i));
}

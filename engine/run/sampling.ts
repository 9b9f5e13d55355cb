/** Which clients take part in a round: seeded, per client group, in O(sampled) time. */
import type { ClientParams } from '../format/params.js';
import { deriveSeed, Rng } from '../random/rng.js';

/** How many of a group's clients are sampled: round(fraction·n), at least minClients, at most n. */
export function sampleCount(params: Pick<ClientParams, 'fraction' | 'minClients'>, n: number): number {
  return Math.min(n, Math.max(params.minClients, Math.round(params.fraction * n)));
}

export interface RoundSample {
  /** Positions (into the group's client list) that train this round, increasing. */
  training: number[];
  /** Positions sampled but dropped out. */
  dropped: number[];
}

/** Samples a group's clients for a round and decides which of them drop out. */
export function sampleRound(params: ClientParams, n: number, seed: number, clientNodeId: string, round: number): RoundSample {
  const k = sampleCount(params, n);
  const chosen = k === n ? Array.from({ length: n }, (_, i) => i) : new Rng(deriveSeed(seed, 'sample', clientNodeId, round)).sample(n, k);
  if (params.dropout === 0) return { training: chosen, dropped: [] };
  const rng = new Rng(deriveSeed(seed, 'dropout', clientNodeId, round));
  const training: number[] = [];
  const dropped: number[] = [];
  for (const c of chosen) (rng.next() < params.dropout ? dropped : training).push(c);
  return { training, dropped };
}

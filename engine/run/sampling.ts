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

/**
 * Samples a group's clients for a round and decides which of them drop out. Seeded by the split and
 * the split's client numbers (not by the client node), so variants compared on the same clients —
 * FedAvg beside FedProx, say — sample the same clients and lose the same ones to dropout.
 */
export function sampleRound(
  params: ClientParams,
  splitClients: readonly number[],
  seed: number,
  splitId: string,
  round: number,
): RoundSample {
  const n = splitClients.length;
  const k = sampleCount(params, n);
  const chosen =
    k === n ? Array.from({ length: n }, (_, i) => i) : new Rng(deriveSeed(seed, 'sample', splitId, splitClients.join(','), round)).sample(n, k);
  if (params.dropout === 0) return { training: chosen, dropped: [] };
  const training: number[] = [];
  const dropped: number[] = [];
  for (const c of chosen) {
    const draw = new Rng(deriveSeed(seed, 'dropout', splitId, splitClients[c], round)).next();
    (draw < params.dropout ? dropped : training).push(c);
  }
  return { training, dropped };
}

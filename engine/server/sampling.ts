/** Which clients take part in a round, and which of them drop out: seeded, per client group, in O(sampled) time. */
import type { ClientParams } from '../format/params.js';
import { deriveSeed, Rng, seedPrefix } from '../random/rng.js';
import { overSampleCount } from '../sim/overSelection.js';

/**
 * How many of a group's n available clients are sampled, as Flower's `num_fit_clients` and client manager
 * compute it: ⌊fraction·n⌋, at least minClients, never more than n.
 */
export function sampleCount(params: Pick<ClientParams, 'fraction' | 'minClients'>, n: number): number {
  return Math.min(n, Math.max(params.minClients, Math.floor(params.fraction * n)));
}

/**
 * The positions (into the group's client list, increasing) sampled for a round, and how many of them count.
 * Only `available` positions (all, when absent) can be sampled; ⌊fraction·available⌋ are needed, and with
 * over-selection ⌈needed·(1 + overSelection)⌉ are asked. Seeded by the split and the split's client numbers
 * (not by the client node), so variants compared on the same clients — FedAvg beside FedProx, say — sample
 * the same clients.
 */
export function sampleClients(
  params: Pick<ClientParams, 'fraction' | 'minClients'> & Partial<Pick<ClientParams, 'overSelection'>>,
  splitClients: readonly number[],
  seed: number,
  splitId: string,
  round: number,
  available?: readonly number[],
): { positions: number[]; keep: number } {
  const pool = available ?? null;
  const m = pool ? pool.length : splitClients.length;
  const keep = sampleCount(params, m);
  const k = overSampleCount(keep, params.overSelection ?? 0, m);
  if (k === m) return { positions: pool ? [...pool] : Array.from({ length: m }, (_, i) => i), keep };
  const prefix = pool ? seedPrefix(seed, 'sample', splitId, pool.map((p) => splitClients[p]).join(',')) : wholeSplitPrefix(splitClients, seed, splitId);
  const picked = new Rng(prefix.derive(round)).sample(m, k);
  return { positions: pool ? picked.map((i) => pool[i]) : picked, keep };
}

type SeedPrefix = ReturnType<typeof seedPrefix>;
const prefixes = new WeakMap<readonly number[], Map<string, SeedPrefix>>();

/**
 * The sampling seed's hash over every client id of a split, kept per client list: hashing 100,000 ids each
 * round cost more than training the thousand it sampled. Keyed by the list itself, which a run never changes.
 */
function wholeSplitPrefix(splitClients: readonly number[], seed: number, splitId: string): SeedPrefix {
  let bySeed = prefixes.get(splitClients);
  if (!bySeed) prefixes.set(splitClients, (bySeed = new Map()));
  const key = `${seed >>> 0}\u0000${splitId}`;
  let prefix = bySeed.get(key);
  if (!prefix) bySeed.set(key, (prefix = seedPrefix(seed, 'sample', splitId, splitClients.join(','))));
  return prefix;
}

/** Whether a split's client drops out of a round it was sampled for; seeded alike for every variant on that split. */
export function dropsOut(probability: number, seed: number, splitId: string, splitClient: number, round: number): boolean {
  if (probability === 0) return false;
  return new Rng(deriveSeed(seed, 'dropout', splitId, splitClient, round)).next() < probability;
}

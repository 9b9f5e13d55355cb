/**
 * The one reply secure aggregation hands its inner strategy stands for a whole round of clients. A DP
 * wrapper inside it needs what the sum stands for — how many updates, their total weight, how many were
 * within the clip norm — and must learn it from the sum itself, never from the clients' updates.
 */
import type { FullFitRes } from '../protocol/messages.js';
import type { Reply } from './strategy.js';

/** What the secure sum of a round stands for, all read off the unmasked sum (or public: who answered). */
export interface SummedUpdates {
  /** Clients whose masked inputs are in the sum (the server knows who answered). */
  readonly updates: number;
  /** Σ nᵢ/N over them: the total weight of the weighted sum, each weight at most 1 (N the public example bound). */
  readonly weight: number;
  /** Client-side adaptive clipping: how many of them had norm ≤ C, from the sum's norm-bit coordinate. */
  readonly normBits?: number;
}

/** A reply that is a secure sum, not a client's update. */
export interface SummedReply extends Reply<FullFitRes> {
  readonly summed: SummedUpdates;
}

/** The secure sum a round's results are, or undefined when they are the clients' own updates. */
export function summedOf(results: readonly Reply<FullFitRes>[]): SummedUpdates | undefined {
  if (results.length !== 1) return undefined;
  const only = results[0] as Partial<SummedReply>;
  return only.summed;
}

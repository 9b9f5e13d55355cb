/**
 * The server's strategy, shaped like Flower's Strategy: it chooses the clients of a round and what each
 * is sent (`configureFit`), merges what came back (`aggregateFit`, which also sees the failures), and
 * does the same for federated evaluation. The pure aggregation rules of `engine/strategy/` sit underneath;
 * wrappers (the failure policy here, privacy mechanisms later) compose around a strategy.
 */
import type { ClientFailure, EvaluateIns, EvaluateRes, FullFitIns, FullFitRes } from '../protocol/messages.js';
import type { FederatedScores } from '../run/events.js';
import type { ClientManager, ClientProxy } from './clientProxy.js';

/** A client and what to send it. */
export interface Instruction<Ins> {
  readonly client: ClientProxy;
  readonly ins: Ins;
  /** Over-selection: of this client's group, only the first `keep` to finish count. */
  readonly keep?: number;
}

/** A client's answer, paired with the client. */
export interface Reply<Res> {
  readonly client: ClientProxy;
  readonly res: Res;
}

/** A client that failed this round, with the failure value. */
export interface FailedReply {
  readonly client: ClientProxy;
  readonly failure: ClientFailure;
}

/** What aggregateFit decided. */
export interface FitAggregate {
  /** The next global weights. */
  readonly weights: Float32Array;
  /** Clients whose updates the strategy kept, where it chooses (Krum, Bulyan). */
  readonly selected?: readonly number[];
}

/** Raised (as a value inside RoundAborted) when a strategy refuses to go on with a round. */
export interface RoundStop {
  readonly message: string;
  /** The aggregator field the stop comes from, for the workbench. */
  readonly field: string;
}

/** What a differentially private strategy has spent so far, and would spend on one more round. */
export interface PrivacyLedger {
  /** ε at the aggregator's δ over the rounds aggregated so far (0 before any). */
  readonly epsilon: number;
  /** ε if one more round with `sampled` of `total` clients were aggregated. */
  epsilonAfter(sampled: number, total: number): number;
  /** The last aggregated round's sampling rate q, clip norm and noise std on the aggregate. */
  readonly last: { readonly q: number; readonly clipNorm: number; readonly noiseStd: number } | undefined;
}

/** A federated learning strategy (Flower's Strategy). Strategies keep their own server state. */
export interface Strategy {
  readonly name: string;
  /** Set by the privacy wrapper: the accountant of this strategy's rounds. */
  readonly privacy?: PrivacyLedger;
  /** Which clients train in this round, and what each is sent (the server may compress the model on the way). */
  configureFit(round: number, global: Float32Array, clients: ClientManager): Instruction<FullFitIns>[];
  /**
   * Merges the round's updates (in increasing client id, decoded by the server) into the next global
   * weights; sees the failures too. Returns a RoundStop instead when the round must not be aggregated.
   */
  aggregateFit(round: number, global: Float32Array, results: readonly Reply<FullFitRes>[], failures: readonly FailedReply[]): FitAggregate | RoundStop;
  /** Which clients score the new global model on their hold-outs; `trained` are this round's clients that answered. */
  configureEvaluate(round: number, global: Float32Array, trained: readonly ClientProxy[]): Instruction<EvaluateIns>[];
  /** Merges the clients' scores; null when none answered. */
  aggregateEvaluate(round: number, results: readonly Reply<EvaluateRes>[], failures: readonly FailedReply[]): FederatedScores | null;
}

/** Whether aggregateFit refused the round. */
export function isRoundStop(value: FitAggregate | RoundStop): value is RoundStop {
  return 'message' in value;
}

/**
 * Secure aggregation as a strategy wrapper: the round's successful clients run one secure-aggregation
 * protocol (engine/secagg/) and the server learns only the sum of their weighted updates and of their
 * example counts; the inner strategy then sees ONE synthetic result — the average update applied to the
 * global model, weighted by the summed count — so FedAvg, FedAvgM, FedProx and FedAdam/Yogi/Adagrad run
 * unchanged (their pseudo-gradient is the average update). No individual update reaches the inner strategy.
 *
 * What each client i sends (TFF's scheme): the vector [nᵢ·clip(Δᵢ)/N, nᵢ/N], where Δᵢ = wᵢ − w is its
 * update, clip cuts each coordinate to [−R, R] (R = secAggRange), and N is a public bound on nᵢ (the
 * largest training shard of the groups feeding the aggregator, known to the server from the plan). Since
 * nᵢ ≤ N every coordinate lies in [−max(R, 1), max(R, 1)], the protocol's clipping range. The server
 * decodes Σ, multiplies by N and divides the first d coordinates by the last: w + Σnᵢclip(Δᵢ)/Σnᵢ.
 * Quantisation moves each coordinate of the decoded sum by at most the protocol's error bound (n/(2s),
 * see fixedPoint.ts), i.e. the average update by at most N·bound/Σnᵢ per coordinate.
 *
 * With client-side DP inside (privacyStrategy.ts) the clients have already clipped Δᵢ to L2 norm C, so the
 * weighted sum Σ(nᵢ/N)·Δᵢ has sensitivity C (every weight is at most 1); the one reply carries the sum's
 * total weight Σnᵢ/N so the DP wrapper can noise the average for it. Client-side adaptive clipping adds
 * one more coordinate, the client's norm bit (0 or 1, unweighted), so the server learns only their count.
 */
import type { AggregatorParams } from '../format/params.js';
import type { FullFitRes } from '../protocol/messages.js';
import { defaultDegree, messageBytes, secureSum, SecAggError, type ClientMessage, type GraphChoice, type SecureSumStats, type ServerMessage } from '../secagg/index.js';
import type { ClientProxy } from './clientProxy.js';
import { previewCoordinates, type PreviewCoordinates } from './previewCoordinates.js';
import type { SummedReply } from './summedReply.js';
import type { FailedReply, FitAggregate, Reply, RoundStop, Strategy } from './strategy.js';

/** A strategy whose aggregateFit may run an asynchronous protocol (secure aggregation's rounds of messages). */
export interface AsyncFitStrategy extends Omit<Strategy, 'aggregateFit'> {
  /** As Strategy.aggregateFit, possibly asynchronous. */
  aggregateFit(round: number, global: Float32Array, results: readonly Reply<FullFitRes>[], failures: readonly FailedReply[]): FitAggregate | RoundStop | Promise<FitAggregate | RoundStop>;
  /** Bytes the last aggregated round's secure-aggregation messages took, in all (undefined without secure aggregation). */
  lastRoundBytes?(): SecureRoundBytes | undefined;
  /** The last aggregated round's first client: its update, its masked input and the average, on a few coordinates. */
  lastRoundPreview?(): MaskedPreview | undefined;
}

/** One client's update beside what the server received of it, and the round's average, on a few coordinates (previewCoordinates.ts). */
export interface MaskedPreview {
  /** The round's first client (lowest id) that sent a masked input. */
  readonly clientId: number;
  /** How the coordinates are drawn: rows × columns, in reading order. */
  readonly rows: number;
  readonly columns: number;
  /** Its update Δᵢ on these coordinates, as it went into the protocol (clipped to the range), to 4 significant digits. */
  readonly update: readonly number[];
  /** The same coordinates of the masked input the server received: 32-bit words modulo 2^32, exactly as sent. */
  readonly masked: readonly number[];
  /** The same coordinates of the unmasked average update Σnᵢ·Δᵢ/Σnᵢ (before any DP noise), to 4 significant digits. */
  readonly average: readonly number[];
}

/** The secure-aggregation traffic of one round, summed over its clients, and per client id. */
export interface SecureRoundBytes {
  /** Bytes all clients sent the server. */
  readonly up: number;
  /** Bytes the server sent all clients. */
  readonly down: number;
  /** Bytes each client (by cid) sent and received. */
  readonly perClient: ReadonlyMap<number, { readonly up: number; readonly down: number }>;
  /** The protocol's own costs and error bound. */
  readonly stats: SecureSumStats;
}

/** The settings the wrapper takes from the aggregator and the plan. */
export interface SecureAggregationSettings {
  /** Per-coordinate clipping range R of an update. */
  readonly range: number;
  /** The neighbour graph kind. */
  readonly graph: AggregatorParams['secAggGraph'];
  /** Public bound N on a client's example count (the largest training shard). */
  readonly exampleBound: number;
  /** Seeds the sparse graph, per round. */
  readonly seed: number;
  /** Client-side adaptive clipping: each client adds its norm bit as one more coordinate of the sum. */
  readonly normBits?: boolean;
  /** The coordinates the masked-update preview shows; by default the first 256. */
  readonly preview?: PreviewCoordinates;
  /** Observes every protocol message (tests and tracing), as secureSum's onMessage. */
  readonly onMessage?: (message: ClientMessage | ServerMessage, to: 'server' | number) => void;
}

const FIELD = 'params.secureAggregation';

/** The stand-in client of the one aggregated result: it is no client of the round. */
const SUM_CLIENT: ClientProxy = {
  cid: -1,
  groupNodeId: 'secure-aggregation',
  canEvaluate: false,
  fit: () => Promise.reject(new Error('the secure sum is not a client')),
  evaluate: () => Promise.reject(new Error('the secure sum is not a client')),
};

/** Wraps a strategy so that it only ever sees the secure sum of the round's updates. */
export function withSecureAggregation(inner: Strategy, settings: SecureAggregationSettings): AsyncFitStrategy {
  let last: SecureRoundBytes | undefined;
  let preview: MaskedPreview | undefined;
  return {
    name: inner.name,
    ...(inner.privacy ? { privacy: inner.privacy } : {}),
    configureFit: (...args) => inner.configureFit(...args),
    configureEvaluate: (...args) => inner.configureEvaluate(...args),
    aggregateEvaluate: (...args) => inner.aggregateEvaluate(...args),
    lastRoundBytes: () => last,
    lastRoundPreview: () => preview,
    async aggregateFit(round, global, results, failures) {
      last = undefined;
      preview = undefined;
      if (results.length === 0) return inner.aggregateFit(round, global, results, failures);
      const outcome = await secureRound(round, global, results, failures, settings);
      if ('message' in outcome) return outcome;
      last = outcome.bytes;
      preview = outcome.preview;
      const sum: SummedReply = { client: SUM_CLIENT, res: outcome.res, summed: outcome.summed };
      return inner.aggregateFit(round, global, [sum], failures);
    },
  };
}

/** One protocol run over the round's clients; the synthetic result, or a stop saying why the round cannot be summed. */
async function secureRound(
  round: number,
  global: Float32Array,
  results: readonly Reply<FullFitRes>[],
  failures: readonly FailedReply[],
  settings: SecureAggregationSettings,
): Promise<{ res: FullFitRes; bytes: SecureRoundBytes; summed: SummedReply['summed']; preview: MaskedPreview } | RoundStop> {
  const { range, exampleBound: bound } = settings;
  const d = global.length;
  const extra = settings.normBits ? 2 : 1;
  const shown = settings.preview ?? previewCoordinates(undefined, d);
  const at = shown.indices.filter((i) => i < d);
  const over = results.find((r) => r.res.numExamples > bound);
  if (over) return { field: FIELD, message: `Round ${round}: client ${over.client.cid} reports ${over.res.numExamples} examples, more than the public bound ${bound} secure aggregation scales counts by.` };
  // Clients that dropped out after being sampled had shared keys: they are in the protocol and send no masked input.
  const dropped = failures.filter((f) => f.failure.code === 'dropped');
  const members = [...results.map((r) => r.client), ...dropped.map((f) => f.client)];
  const clip = (delta: number) => (delta > range ? range : delta < -range ? -range : delta);
  const vectors = results.map(({ res }) => {
    const v = new Float32Array(d + extra);
    const weight = res.numExamples / bound;
    for (let i = 0; i < d; i++) v[i] = weight * clip(res.weights[i] - global[i]);
    v[d] = weight;
    if (settings.normBits) v[d + 1] = res.metrics.normBit === true ? 1 : 0;
    return v;
  });
  for (let j = 0; j < dropped.length; j++) vectors.push(new Float32Array(d + extra));
  const perClient = new Map(members.map((c) => [c.cid, { up: 0, down: 0 }]));
  let masked: number[] = [];
  let summed;
  try {
    summed = await secureSum(vectors, {
      range: Math.max(range, 1),
      graph: graphOf(settings.graph, members.length, settings.seed, round),
      dropAfterShareKeys: dropped.map((_, j) => results.length + j),
      onMessage: (m, to) => {
        settings.onMessage?.(m, to);
        const bytes = messageBytes(m);
        if (to === 'server') perClient.get(members[(m as { from: number }).from].cid)!.up += bytes;
        else perClient.get(members[to].cid)!.down += bytes;
        // The words exactly as the server received them from the first client, not recomputed.
        if (to === 'server' && m.kind === 'maskedInput' && m.from === 0) masked = at.map((i) => m.vector[i]);
      },
    });
  } catch (e) {
    if (!(e instanceof SecAggError)) throw e;
    return { field: FIELD, message: `Round ${round} stopped: secure aggregation could not finish over ${members.length} clients (${results.length} answered) — ${e.message}` };
  }
  const count = Math.round(summed.sum[d] * bound);
  const weights = new Float32Array(d);
  // Clients that trained on no examples move nothing; an all-zero round keeps the model.
  for (let i = 0; i < d; i++) weights[i] = count > 0 ? global[i] + (summed.sum[i] * bound) / count : global[i];
  const examples = results.reduce((s, r) => s + r.res.numExamples, 0);
  const res: FullFitRes = {
    status: 'ok',
    weights,
    numExamples: count,
    metrics: {
      loss: results.reduce((s, r) => s + (r.res.numExamples / examples) * r.res.metrics.loss, 0),
      steps: Math.max(...results.map((r) => r.res.metrics.steps)),
      ms: Math.max(...results.map((r) => r.res.metrics.ms)),
    },
  };
  let up = 0;
  let down = 0;
  for (const b of perClient.values()) {
    up += b.up;
    down += b.down;
  }
  const sumOf = {
    updates: results.length,
    weight: count / bound,
    ...(settings.normBits ? { normBits: Math.round(summed.sum[d + 1]) } : {}),
  };
  // The first client's update as it went in (the client's side of the simulation; the server never reads it).
  const first = results[0].res.weights;
  const preview: MaskedPreview = {
    clientId: results[0].client.cid,
    rows: shown.rows,
    columns: shown.columns,
    update: at.map((i) => short(clip(first[i] - global[i]))),
    masked,
    average: at.map((i) => short(weights[i] - global[i])),
  };
  return { res, bytes: { up, down, perClient, stats: summed.stats }, summed: sumOf, preview };
}

/** Four significant digits: plenty for a grey level, and a third of the event's size. */
const short = (x: number): number => Number(x.toPrecision(4));

/** The graph of a round: complete, or SecAgg+'s sparse one of the default degree, drawn afresh each round from the run's seed. */
function graphOf(choice: AggregatorParams['secAggGraph'], clients: number, seed: number, round: number): GraphChoice {
  const degree = clients >= 2 ? defaultDegree(clients) : 1;
  // At degree n − 1 the sparse graph is the complete one (and n − 1 may be odd, which a ring of k/2 each side cannot be).
  if (choice === 'complete' || degree >= clients - 1) return { kind: 'complete' };
  return { kind: 'sparse', degree, seed: (seed ^ Math.imul(round, 0x9e3779b1)) >>> 0 };
}

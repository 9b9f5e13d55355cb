/**
 * `secureSum`: one whole secure-aggregation round in-process, for simulated clients — the server and every
 * client exchange the protocol's messages through this function, which plays the network. It is the hook
 * a later strategy wrapper will call; nothing in a run calls it yet.
 */
import { SecAggClient } from './client.js';
import { fixedPointScale, quantisationErrorBound } from './fixedPoint.js';
import { messageBytes, type ClientMessage, type ServerMessage } from './messages.js';
import { buildGraph, defaultDegree, type GraphChoice, type NeighbourGraph } from './neighbours.js';
import { SecAggError } from './secaggError.js';
import { SecAggServer, type SecAggResult } from './server.js';

/** How to run a simulated round. */
export interface SecureSumOptions {
  /** Clip each coordinate to [−range, range] before quantising. */
  readonly range: number;
  /** The neighbour graph; default SecAgg+'s sparse graph of defaultDegree(n), seed 0. */
  readonly graph?: GraphChoice;
  /** Shares needed to reconstruct a secret; default a strict majority of the smallest neighbourhood. */
  readonly threshold?: number;
  /** Clients that share keys and then drop out before sending their masked input. */
  readonly dropAfterShareKeys?: readonly number[];
  /** Observes every message, for tests and tracing: who sent it, who received it. */
  readonly onMessage?: (message: ClientMessage | ServerMessage, to: 'server' | number) => void;
}

/** Costs of a round. */
export interface SecureSumStats {
  /** Mean bytes each client sent. */
  readonly uploadBytesPerClient: number;
  /** Mean bytes each client received. */
  readonly downloadBytesPerClient: number;
  /** Wall-clock milliseconds of the whole round. */
  readonly milliseconds: number;
  /** The graph's degree (n − 1 when complete). */
  readonly degree: number;
  /** The threshold used. */
  readonly threshold: number;
  /** Worst-case quantisation error of each coordinate of the sum. */
  readonly errorBound: number;
}

/** A round's sum and survivors plus its costs. */
export interface SecureSumResult extends SecAggResult {
  readonly stats: SecureSumStats;
}

/** The default graph for n clients: SecAgg+'s sparse graph (complete when n is small enough). */
export function defaultGraph(clients: number): GraphChoice {
  return { kind: 'sparse', degree: defaultDegree(clients), seed: 0 };
}

/** A strict majority of a neighbourhood of `degree` + 1: the fewest shares that keep one set of answers from
 * revealing both secrets of a client. */
export function defaultThreshold(degree: number): number {
  return Math.floor((degree + 1) / 2) + 1;
}

/** Runs a whole round over `updates` (one per client, equal lengths) and returns their masked-then-unmasked sum. */
export async function secureSum(updates: readonly Float32Array[], options: SecureSumOptions): Promise<SecureSumResult> {
  const started = performance.now();
  const n = updates.length;
  if (n < 2) throw new SecAggError('settings', `Secure aggregation needs at least 2 clients, got ${n}.`);
  const vectorLength = updates[0].length;
  for (const u of updates) {
    if (u.length !== vectorLength) throw new SecAggError('vector', 'All updates must have the same number of coordinates.');
  }
  const graph: NeighbourGraph = buildGraph(n, options.graph ?? defaultGraph(n));
  const degree = Math.min(...graph.map((ns) => ns.length));
  const threshold = options.threshold ?? defaultThreshold(degree);
  const scale = fixedPointScale(n, options.range);
  const server = new SecAggServer({ graph, threshold, vectorLength, range: options.range, scale });
  const clients = updates.map(() => new SecAggClient());
  const dropped = new Set(options.dropAfterShareKeys ?? []);
  const upload = new Float64Array(n);
  const download = new Float64Array(n);
  const toServer = <M extends ClientMessage>(m: M): M => {
    upload[m.from] += messageBytes(m);
    options.onMessage?.(m, 'server');
    return m;
  };
  const toClient = <M extends ServerMessage>(id: number, m: M): M => {
    download[id] += messageBytes(m);
    options.onMessage?.(m, id);
    return m;
  };

  const advertised = [];
  for (const setup of server.setup()) advertised.push(toServer(await clients[setup.clientId].advertiseKeys(toClient(setup.clientId, setup))));
  const shared = [];
  for (const [id, keys] of server.receiveKeys(advertised)) shared.push(toServer(await clients[id].shareKeys(toClient(id, keys))));
  for (const [id, routed] of server.receiveShares(shared)) {
    if (dropped.has(id)) continue;
    // Straight into the server's running sum: n masked vectors are never held at once.
    server.addMaskedInput(toServer(await clients[id].maskedInput(toClient(id, routed), updates[id])));
  }
  const answers = [];
  for (const [id, request] of server.requestUnmask()) answers.push(toServer(clients[id].unmask(toClient(id, request))));
  const result = await server.receiveUnmask(answers);
  const stats: SecureSumStats = {
    uploadBytesPerClient: upload.reduce((a, b) => a + b, 0) / n,
    downloadBytesPerClient: download.reduce((a, b) => a + b, 0) / n,
    milliseconds: performance.now() - started,
    degree,
    threshold,
    errorBound: quantisationErrorBound(n, scale),
  };
  return { ...result, stats };
}

/**
 * The client role of a real federation (`fedflow join`): it owns its data file, reads it as the server's
 * schema says (the dataset node's own readers, against the federation's classes and feature scaling),
 * trains each round with the configuration the server sends — through the very PoolClientProxy and worker
 * the simulation uses, so the numbers are the simulation's — and sends back only the FitOutcome: weights
 * (or an encoded update) and metrics, never a row. With a hold-out (`--holdout F`) it keeps a seeded draw of
 * its rows back from training and scores the global model on them when the server asks. A dropped
 * connection is retried with bounded backoff, and its client token takes its seat back.
 */
import { WebSocket } from 'ws';
import type { Dataset } from '../data/dataset.js';
import { sharedInt32 } from '../data/sharedArrays.js';
import type { ClientParams } from '../format/params.js';
import type { BackendName } from '../format/pipeline.js';
import type { ModelSpec } from '../model/modelSpec.js';
import { PROTOCOL_VERSION, type EvaluateOutcome, type FitOutcome, type WireClientMessage, type WireServerMessage } from '../protocol/messages.js';
import { PoolClientProxy } from '../run/poolClientProxy.js';
import { WorkerPool } from '../run/pool.js';
import { resolveBackend, type ConcreteBackend } from '../train/backend.js';
import { describeData } from './dataSchema.js';
import { labelColumnOf, loadLocalData } from './localData.js';
import { holdoutSplit, MAX_HOLDOUT_FRACTION, type HoldoutSplit } from './localHoldout.js';
import { fitInsFromWire, outcomeToWire } from '../protocol/fitWire.js';
import * as WIRE from './wireVector.js';

/** What `fedflow join` was given. */
export interface JoinOptions {
  url: string;
  /** The client's own data file (CSV, or IDX images). */
  dataFile: string;
  /** Its IDX labels file, where the federation trains on IDX images. */
  labels?: string;
  /** Its label column, where it is named differently from the federation's. */
  labelColumn?: string;
  name: string;
  /** Overrides the backend the server trains on. */
  backend?: BackendName;
  /** A PEM certificate to trust (a self-signed server's), for wss:// URLs. */
  ca?: string | Buffer;
  /** Fraction of its rows kept back as a local hold-out for federated evaluation (0 … 0.5; default 0: none). */
  holdout?: number;
  /** Seed of the hold-out draw (default HOLDOUT_SEED). */
  holdoutSeed?: number;
  /** Reconnect attempts after a dropped connection before giving up (default 8). */
  retries?: number;
  /** First backoff in milliseconds, doubled per attempt up to 10 s (default 500). */
  backoffMs?: number;
  log: (line: string) => void;
}

/** How one connection ended. */
type Ending = { kind: 'done'; message: string } | { kind: 'refused'; message: string } | { kind: 'dropped'; welcomed: boolean };

/** Joins a federation and takes part until it is over; returns the exit code (0 done, 1 refused or gave up). */
export async function joinFederation(options: JoinOptions): Promise<number> {
  const { log } = options;
  const fraction = options.holdout ?? 0;
  if (!(fraction >= 0 && fraction <= MAX_HOLDOUT_FRACTION)) {
    log(`Cannot join: the hold-out must be a fraction from 0 to ${MAX_HOLDOUT_FRACTION} (got ${fraction})`);
    return 1;
  }
  let dataset: Dataset | undefined;
  let split: HoldoutSplit | undefined;
  let token: string | undefined;
  let proxy: PoolClientProxy | undefined;
  let pool: WorkerPool | undefined;
  /** The backend it trains on, once started; said to the server after every welcome. */
  let trainsOn: ConcreteBackend | undefined;
  const abort = new AbortController();
  const files = { data: options.dataFile, ...(options.labels !== undefined ? { labels: options.labels } : {}), ...(options.labelColumn !== undefined ? { labelColumn: options.labelColumn } : {}) };
  const retries = options.retries ?? 8;
  let attempt = 0;

  const start = async (model: ModelSpec, params: ClientParams, clientId: number, groupNodeId: string, backendName: string) => {
    const backend = await resolveBackend((options.backend ?? backendName) as BackendName);
    trainsOn = backend;
    pool = new WorkerPool(1);
    const n = dataset!.train.y.length;
    // Training rows first, then the hold-out, so each is one run of the same index array.
    const indices = sharedInt32(n);
    indices.set([...split!.train, ...split!.holdout]);
    const trained = split!.train.length;
    // Simulation-only settings (attacks, dropout, devices) describe simulated clients, not this real one.
    const own: ClientParams = { ...params, behaviour: 'honest', dropout: 0, devices: 'none' };
    proxy = new PoolClientProxy(
      { pool, backend, model, train: { x: dataset!.train.x, y: dataset!.train.y, featureShape: dataset!.featureShape, numClasses: dataset!.numClasses }, seed: 0, aggregatorId: '', timeoutMs: 0 },
      { cid: clientId, groupNodeId, params: own, splitId: '', splitClient: clientId, rows: { indices, offset: 0, length: trained }, holdout: { indices, offset: trained, length: n - trained }, device: null },
    );
    log(`training on backend ${backend}`);
  };

  const connectOnce = () =>
    new Promise<Ending>((settle) => {
      const ws = new WebSocket(options.url, { maxPayload: 512 * 2 ** 20, ...(options.ca ? { ca: options.ca } : {}) });
      let ending: Ending | undefined;
      let welcomed = false;
      let work = Promise.resolve();
      const send = (m: WireClientMessage): number => {
        const text = JSON.stringify(m);
        if (ws.readyState === ws.OPEN) ws.send(text);
        return Buffer.byteLength(text);
      };
      const handle = async (m: WireServerMessage) => {
        switch (m.type) {
          case 'schema': {
            log(`connected to ${m.pipeline}`);
            if (!dataset) {
              const loaded = await loadLocalData(m.data, files);
              if (typeof loaded === 'string') {
                ending = { kind: 'refused', message: `Cannot join: ${loaded}` };
                ws.close();
                return;
              }
              dataset = loaded;
              split = holdoutSplit(dataset.train.y.length, fraction, options.holdoutSeed);
              const held = split.holdout.length > 0 ? `, ${split.holdout.length} held out for evaluation` : '';
              log(`${options.dataFile}: ${dataset.train.y.length} examples${held}, ${dataset.numFeatures} features, classes ${dataset.classNames.join(', ')}`);
            }
            // It declares the rows it trains on (FedAvg's weight), and how many it holds out.
            const data = { ...describeData(dataset, labelColumnOf(m.data, files)), examples: split!.train.length };
            const holdout = split!.holdout.length > 0 ? { holdout: split!.holdout.length } : {};
            send({ type: 'hello', version: PROTOCOL_VERSION, name: options.name, ...(token ? { clientToken: token } : {}), data, ...holdout });
            return;
          }
          case 'welcome':
            welcomed = true;
            attempt = 0;
            token = m.clientToken;
            log(`joined as client ${m.clientId}`);
            if (!proxy) await start(m.model as ModelSpec, m.params as ClientParams, m.clientId, m.groupNodeId, m.backend);
            send({ type: 'ready', version: PROTOCOL_VERSION, backend: trainsOn! });
            return;
          case 'fit': {
            log(`round ${m.round}: training`);
            let outcome: FitOutcome;
            try {
              outcome = await proxy!.fit(fitInsFromWire(m, WIRE), abort.signal);
            } catch (e) {
              outcome = { status: 'failed', code: 'crashed', message: (e as Error)?.message ?? String(e) };
            }
            const bytes = send({ type: 'fit-res', version: PROTOCOL_VERSION, round: m.round, outcome: outcomeToWire(outcome, WIRE) });
            const what = outcome.status === 'ok' ? `loss ${outcome.metrics.loss.toFixed(4)}` : `${outcome.code}: ${outcome.message}`;
            log(`round ${m.round}: sent ${bytes} bytes (${what})`);
            return;
          }
          case 'evaluate': {
            const weights = WIRE.fromWireVector(m.weights);
            let outcome: EvaluateOutcome;
            try {
              outcome = typeof weights === 'string' ? { status: 'failed', code: 'malformed', message: `the model it was sent is ${weights}` } : await proxy!.evaluate({ version: PROTOCOL_VERSION, round: m.round, weights }, abort.signal);
            } catch (e) {
              outcome = { status: 'failed', code: 'crashed', message: (e as Error)?.message ?? String(e) };
            }
            send({ type: 'evaluate-res', version: PROTOCOL_VERSION, round: m.round, outcome });
            const what = outcome.status === 'ok' ? `${outcome.numExamples} held-out examples: accuracy ${outcome.accuracy}, loss ${outcome.loss}` : `${outcome.code}: ${outcome.message}`;
            log(`round ${m.round}: evaluated on ${what}`);
            return;
          }
          case 'refused':
            ending = { kind: 'refused', message: m.message };
            return;
          case 'done':
            ending = { kind: 'done', message: m.message };
            return;
        }
      };
      ws.on('open', () => log(`connecting to ${new URL(options.url).host}`));
      ws.on('message', (data) => {
        let m: WireServerMessage;
        try {
          m = JSON.parse(data.toString()) as WireServerMessage;
        } catch {
          return;
        }
        // One message at a time: a round's training finishes before the next message is read.
        work = work.then(() => handle(m)).catch((e) => log(`error: ${(e as Error)?.message ?? String(e)}`));
      });
      ws.on('error', (e) => log(`connection error: ${e.message}`));
      ws.on('close', () => void work.then(() => settle(ending ?? { kind: 'dropped', welcomed })));
    });

  try {
    for (;;) {
      const ending = await connectOnce();
      if (ending.kind === 'done') {
        log(`federation over: ${ending.message}`);
        return 0;
      }
      if (ending.kind === 'refused') {
        log(ending.message);
        return 1;
      }
      if (attempt >= retries) {
        log(`gave up after ${retries} reconnect attempts`);
        return 1;
      }
      const wait = Math.min(10_000, (options.backoffMs ?? 500) * 2 ** attempt);
      attempt++;
      log(`connection lost; reconnecting in ${(wait / 1000).toFixed(1)} s (attempt ${attempt} of ${retries})`);
      await new Promise((r) => setTimeout(r, wait));
    }
  } finally {
    abort.abort();
    await pool?.close();
  }
}

/**
 * The page's side of the federation protocol, the same as `fedflow join` speaks (engine/remote/joinClient.ts):
 * on `schema` it says hello with a description of its examples, on `welcome` it builds the model the
 * server names, on each `fit` it trains and sends back the FitOutcome, on each `evaluate` it scores the
 * model on its hold-out (where it keeps one), and it leaves on `done` or `refused`. It only ever connects to its own origin's WebSocket. A dropped connection is retried with
 * bounded backoff, and the client token takes its seat back.
 */
import { PROTOCOL_VERSION, type EvaluateOutcome, type FitOutcome, type WireClientMessage, type WireServerMessage } from '../../engine/protocol/messages.js';
import { holdoutSplit, type HoldoutSplit } from '../../engine/remote/localHoldout.js';
import type { ClientParams } from '../../engine/format/params.js';
import type { ModelSpec } from '../../engine/model/modelSpec.js';
import type { PageExamples } from './pageExamples.js';
import { pageBackendsFor, startPageBackend, type BackendChoice, type PageBackend } from './pageBackend.js';
import { PageTrainer } from './pageTrainer.js';
import { fitInsFromWire, outcomeToWire } from '../../engine/protocol/fitWire.js';
import * as WIRE from './pageVector.js';

/** What the page shows of its federation. */
export interface SessionState {
  phase: 'waiting for examples' | 'connecting' | 'connected' | 'joined' | 'training' | 'sent' | 'done' | 'refused' | 'reconnecting' | 'gave up';
  /** The round being trained or last answered; 0 before the first. */
  round: number;
  clientId: number | null;
  backend: string | null;
  /** Bytes of the last answer sent, and of all of them. */
  lastBytes: number;
  totalBytes: number;
  /** The server's or the page's last word (a refusal, the end, an error). */
  message: string;
}

/** The WebSocket address of this page's own federation: same host, ws(s) for http(s), the token from the page's address. */
export function federationSocketUrl(location: Pick<Location, 'protocol' | 'host' | 'search' | 'hash'>): { url: string } | { problem: string } {
  const token = new URLSearchParams(location.hash.replace(/^#/, '')).get('token') ?? new URLSearchParams(location.search).get('token');
  if (!token) return { problem: 'this address carries no federation token: open the join link the teacher gave, with its #token=…' };
  return { url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/join?token=${encodeURIComponent(token)}` };
}

/** One page's membership of a federation. */
/** What the student chose on the page before joining. */
export interface JoinChoices {
  /** The server's numbers (default), or the fastest backend this browser has. */
  backend?: BackendChoice;
  /** Fraction of the examples kept back to score the global model on (default 0: none). */
  holdoutFraction?: number;
  /** Reconnect attempts before the page gives up (default 8). */
  retries?: number;
}

export class JoinSession {
  readonly state: SessionState = { phase: 'connecting', round: 0, clientId: null, backend: null, lastBytes: 0, totalBytes: 0, message: '' };
  private token: string | undefined;
  private trainer: PageTrainer | undefined;
  private backend: PageBackend | undefined;
  private attempt = 0;
  /** The rows it trains on and holds out, drawn once when it first says hello (as `fedflow join --holdout` draws them). */
  private split: HoldoutSplit | undefined;
  private readonly backendChoice: BackendChoice;
  private readonly holdoutFraction: number;
  private readonly retries: number;

  constructor(
    private readonly url: string,
    private readonly name: string,
    private readonly examples: PageExamples,
    private readonly onChange: (state: SessionState, line: string) => void,
    /** Which backend the student chose and the fraction of examples kept back to score the global model on (0: none). */
    choices: JoinChoices = {},
  ) {
    this.backendChoice = choices.backend ?? 'same';
    this.holdoutFraction = choices.holdoutFraction ?? 0;
    this.retries = choices.retries ?? 8;
  }

  private set(change: Partial<SessionState>, line: string): void {
    Object.assign(this.state, change);
    this.onChange(this.state, line);
  }

  /** Connects and takes part until the federation is over or refuses the page. */
  start(): void {
    this.set({ phase: 'connecting' }, `connecting to ${new URL(this.url).host}`);
    const ws = new WebSocket(this.url);
    let work = Promise.resolve();
    let ended = false;
    const send = (m: WireClientMessage): number => {
      const text = JSON.stringify(m);
      if (ws.readyState === WebSocket.OPEN) ws.send(text);
      return new TextEncoder().encode(text).length;
    };
    const handle = async (m: WireServerMessage) => {
      switch (m.type) {
        case 'schema': {
          const problem = this.examples.useSchema(m.data);
          if (problem) {
            ended = true;
            this.set({ phase: 'refused', message: `Cannot join: ${problem}` }, `cannot join: ${problem}`);
            ws.close();
            return;
          }
          this.set({ phase: 'connected' }, `connected to ${m.pipeline}`);
          if (!this.split) {
            this.split = holdoutSplit(this.examples.count, this.holdoutFraction);
            if (this.split.holdout.length > 0) this.set({}, `${this.split.holdout.length} of ${this.examples.count} examples held out for evaluation`);
          }
          const holdout = this.split.holdout.length > 0 ? { holdout: this.split.holdout.length } : {};
          send({ type: 'hello', version: PROTOCOL_VERSION, name: this.name, ...(this.token ? { clientToken: this.token } : {}), data: { ...this.examples.describe(), examples: this.split.train.length }, ...holdout });
          return;
        }
        case 'welcome': {
          this.attempt = 0;
          this.token = m.clientToken;
          if (!this.trainer) {
            const { backend, skipped } = await startPageBackend(pageBackendsFor(m.backend, this.backendChoice));
            this.trainer = new PageTrainer(m.model as ModelSpec, m.params as ClientParams);
            const same = backend === m.backend ? 'as the server does' : `the server trains on ${m.backend}, so this page's numbers are close to a Node client's, not identical`;
            const why = this.backendChoice === 'fastest' ? `, the fastest this browser has${skipped.length > 0 ? ` (${skipped.join('; ')})` : ''}; ${same}` : ` (${same})`;
            this.backend = backend;
            this.set({ backend }, `training on backend ${backend}${why}`);
          }
          // The server shows each client's backend: said once per connection, after the welcome.
          send({ type: 'ready', version: PROTOCOL_VERSION, backend: this.backend! });
          this.set({ phase: 'joined', clientId: m.clientId }, `joined as client ${m.clientId}`);
          return;
        }
        case 'fit': {
          this.set({ phase: 'training', round: m.round }, `round ${m.round}: training`);
          let outcome: FitOutcome;
          try {
            outcome = await this.trainer!.fit(fitInsFromWire(m, WIRE), this.examples.table(), Int32Array.from(this.split!.train));
          } catch (e) {
            outcome = { status: 'failed', code: 'crashed', message: (e as Error)?.message ?? String(e) };
          }
          const bytes = send({ type: 'fit-res', version: PROTOCOL_VERSION, round: m.round, outcome: outcomeToWire(outcome, WIRE) });
          const what = outcome.status === 'ok' ? `loss ${outcome.metrics.loss.toFixed(4)}, ${outcome.metrics.ms.toFixed(0)} ms` : `${outcome.code}: ${outcome.message}`;
          this.set({ phase: 'sent', lastBytes: bytes, totalBytes: this.state.totalBytes + bytes }, `round ${m.round}: sent ${bytes} bytes (${what})`);
          return;
        }
        case 'evaluate': {
          const weights = WIRE.fromWireVector(m.weights);
          let outcome: EvaluateOutcome;
          try {
            outcome = typeof weights === 'string' ? { status: 'failed', code: 'malformed', message: `the model it was sent is ${weights}` } : await this.trainer!.evaluate(weights, this.examples.table(), Int32Array.from(this.split!.holdout));
          } catch (e) {
            outcome = { status: 'failed', code: 'crashed', message: (e as Error)?.message ?? String(e) };
          }
          send({ type: 'evaluate-res', version: PROTOCOL_VERSION, round: m.round, outcome });
          const what = outcome.status === 'ok' ? `${outcome.numExamples} held-out examples: accuracy ${outcome.accuracy}, loss ${outcome.loss}` : `${outcome.code}: ${outcome.message}`;
          this.set({}, `round ${m.round}: evaluated on ${what}`);
          return;
        }
        case 'refused':
          ended = true;
          this.set({ phase: 'refused', message: m.message }, m.message);
          return;
        case 'done':
          ended = true;
          this.set({ phase: 'done', message: m.message }, `federation over: ${m.message}`);
          return;
      }
    };
    ws.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      let m: WireServerMessage;
      try {
        m = JSON.parse(event.data) as WireServerMessage;
      } catch {
        return;
      }
      // One message at a time: a round's training finishes before the next message is read.
      work = work.then(() => handle(m)).catch((e) => this.set({}, `error: ${(e as Error)?.message ?? String(e)}`));
    };
    ws.onclose = () =>
      void work.then(() => {
        if (ended) return;
        if (this.attempt >= this.retries) {
          this.set({ phase: 'gave up', message: `gave up after ${this.retries} reconnect attempts` }, `gave up after ${this.retries} reconnect attempts`);
          return;
        }
        const wait = Math.min(10_000, 500 * 2 ** this.attempt);
        this.attempt++;
        this.set({ phase: 'reconnecting' }, `connection lost; reconnecting in ${(wait / 1000).toFixed(1)} s (attempt ${this.attempt} of ${this.retries})`);
        setTimeout(() => this.start(), wait);
      });
  }
}

/**
 * A seat of a served federation: one client number of the remote split, taken by whichever client joined
 * into it and kept for it across reconnects (by its client token). It holds at most one outstanding
 * request — the round's FitIns, or its EvaluateIns where the client keeps a hold-out — so nothing a client
 * sends can queue up: an answer nobody asked for is a protocol fault. Every way a request ends (answer, timeout, dropped connection, cancelled run) resolves
 * it with a FitOutcome; none rejects.
 */
import type { WebSocket } from 'ws';
import type { ClientBackend, ClientFailure, EvaluateOutcome, FailureCode, FitOutcome, WireEvaluateIns, WireEvaluateOutcome, WireFitOutcome, WireServerMessage } from '../protocol/messages.js';
import { checkEvaluation, type EvaluationExpectation } from './checkEvaluation.js';
import { checkUpdate, type UpdateExpectation } from './checkUpdate.js';

function failed(code: FailureCode, message: string): ClientFailure {
  return { status: 'failed', code, message };
}

interface Pending {
  expect: UpdateExpectation;
  resolve: (outcome: FitOutcome) => void;
}

interface PendingEvaluation {
  expect: EvaluationExpectation;
  resolve: (outcome: EvaluateOutcome) => void;
}

/** One client place of the remote split. */
export class ClientSeat {
  /** The token the client got at join; it takes the seat back after a reconnect. */
  token: string | undefined;
  /** The name it gave and the examples it declared at join. */
  name = '';
  examples = 0;
  /** The backend its client said it trains on (its `ready`); null until it says, after each join. */
  backend: ClientBackend | null = null;
  /** The hold-out rows it declared at join (0: none, so it is not evaluated). */
  holdout = 0;
  /** When the client was last heard from (ms since the epoch; 0: never): a message, a pong or its join. */
  lastSeen = 0;
  /** Whether a protocol fault took the seat from its client (until another joins into it). */
  private revoked = false;
  /** Whether the federation ended with this client still in it: its connection closing then is no loss. */
  private finished = false;
  private socket: WebSocket | undefined;
  private pending: Pending | undefined;
  private evaluating: PendingEvaluation | undefined;
  /** The last round asked, so that an answer arriving after its deadline is recognised, not taken for a fault. */
  private lastAsked = 0;
  /** The last round whose evaluation was asked, likewise. */
  private lastEvaluated = 0;

  constructor(
    /** The split's client number this seat is. */
    readonly splitClient: number,
    private readonly send: (socket: WebSocket, message: WireServerMessage) => void,
  ) {}

  /** Whether a client holds the seat now. */
  get connected(): boolean {
    return this.socket !== undefined;
  }

  /** Whether this socket is the seat's client. */
  holds(socket: WebSocket): boolean {
    return this.socket === socket;
  }

  /** Seats a client (joining, or back after a reconnect); a connection still open in its name is replaced. */
  attach(socket: WebSocket, name: string, examples: number, holdout = 0): void {
    if (this.socket && this.socket !== socket) this.socket.terminate();
    this.socket = socket;
    this.name = name;
    this.examples = examples;
    this.backend = null;
    this.holdout = holdout;
    this.revoked = false;
    this.seen();
  }

  /** Notes that the client was heard from now. */
  seen(): void {
    this.lastSeen = Date.now();
  }

  /** What the seat is doing, for the workbench: undefined while no client ever took it. */
  get state(): 'joined' | 'training' | 'lost' | 'dropped' | 'done' | undefined {
    if (this.socket) return this.pending ? 'training' : 'joined';
    if (this.revoked) return 'dropped';
    if (this.token === undefined) return undefined;
    return this.finished ? 'done' : 'lost';
  }

  /** The federation is over: a client still seated leaves as done, not lost. */
  finish(): void {
    if (this.socket) this.finished = true;
  }

  /** The client's connection went away: its request fails with `code`; the seat stays its (the token still fits) unless `revoke`. */
  detach(code: FailureCode, message: string, revoke: boolean): void {
    this.socket = undefined;
    if (revoke) {
      this.token = undefined;
      this.revoked = true;
    }
    this.settle(failed(code, message));
    this.settleEvaluation(failed(code, message));
  }

  /** Sends the round's FitIns and resolves with the checked answer, or the failure that ended the wait. */
  fit(message: WireServerMessage & { type: 'fit' }, expect: UpdateExpectation, timeoutMs: number, signal: AbortSignal): Promise<FitOutcome> {
    const socket = this.socket;
    if (!socket) {
      return Promise.resolve(
        this.token === undefined
          ? failed('refused', `no client has joined as client ${this.splitClient} yet`)
          : failed('lost', `its connection is down (${this.name} has not reconnected)`),
      );
    }
    this.settle(failed('malformed', 'a newer round asked it again'));
    this.settleEvaluation(failed('malformed', 'a newer round asked it to train'));
    this.lastAsked = expect.round;
    return this.request<FitOutcome>(socket, message, timeoutMs, signal, `it did not answer round ${expect.round} within ${timeoutMs / 1000} s`, (f) => this.settle(f), (resolve) => {
      this.pending = { expect, resolve };
    });
  }

  /**
   * Takes an answer: the checked outcome settles the round's request. Returns a sentence when the client is
   * to be dropped — an answer nobody asked for, or an update that is malformed (wrong round, length or
   * count: not a client that trained badly, but one that does not keep to the protocol) — else undefined.
   * A late answer to an expired round is ignored; a non-finite update costs that round only.
   */
  answer(message: WireFitOutcome): string | undefined {
    const pending = this.pending;
    if (!pending) return message.round === this.lastAsked ? undefined : `it answered round ${message.round}, which it was not asked`;
    const outcome = checkUpdate(message, pending.expect);
    this.settle(outcome);
    return message.outcome.status === 'ok' && outcome.status === 'failed' && outcome.code === 'malformed' ? outcome.message : undefined;
  }

  /** Sends the round's EvaluateIns and resolves with the checked score, or the failure that ended the wait. */
  evaluate(message: WireEvaluateIns, expect: EvaluationExpectation, timeoutMs: number, signal: AbortSignal): Promise<EvaluateOutcome> {
    const socket = this.socket;
    if (!socket) return Promise.resolve(failed('lost', `its connection is down (${this.name || `client ${this.splitClient}`} has not reconnected)`));
    this.settle(failed('malformed', 'it was asked to evaluate instead'));
    this.settleEvaluation(failed('malformed', 'a newer evaluation asked it again'));
    this.lastEvaluated = expect.round;
    const timedOut = `it did not answer the evaluation of round ${expect.round} within ${timeoutMs / 1000} s`;
    return this.request<EvaluateOutcome>(socket, message, timeoutMs, signal, timedOut, (f) => this.settleEvaluation(f), (resolve) => {
      this.evaluating = { expect, resolve };
    });
  }

  /**
   * Takes an evaluation answer: the checked score settles the request. `drop` says why the client is to be
   * dropped (an answer nobody asked for, or a score that breaks the protocol: accuracy outside [0, 1], more
   * examples than its hold-out); `failure` is what a refused score amounts to, for the server's log.
   */
  answerEvaluation(message: WireEvaluateOutcome): { drop?: string; failure?: ClientFailure } {
    const pending = this.evaluating;
    if (!pending) return message.round === this.lastEvaluated ? {} : { drop: `it answered an evaluation of round ${message.round}, which it was not asked` };
    const outcome = checkEvaluation(message, pending.expect);
    this.settleEvaluation(outcome);
    if (outcome.status === 'ok') return {};
    const drop = message.outcome.status === 'ok' && outcome.code === 'malformed';
    return drop ? { drop: outcome.message, failure: outcome } : { failure: outcome };
  }

  /**
   * Sends a request and waits for its answer: `hold` keeps the resolver where the answer will find it; past
   * `timeoutMs`, or when the run is cancelled, `fail` settles it with the failure instead.
   */
  private request<T>(
    socket: WebSocket,
    message: WireServerMessage,
    timeoutMs: number,
    signal: AbortSignal,
    timedOut: string,
    fail: (failure: ClientFailure) => void,
    hold: (resolve: (outcome: T) => void) => void,
  ): Promise<T> {
    return new Promise<T>((resolve) => {
      const timer = setTimeout(() => fail(failed('timeout', timedOut)), timeoutMs);
      const onAbort = () => fail(failed('lost', 'the run was cancelled'));
      signal.addEventListener('abort', onAbort, { once: true });
      hold((outcome) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(outcome);
      });
      this.send(socket, message);
    });
  }

  private settleEvaluation(outcome: EvaluateOutcome): void {
    const pending = this.evaluating;
    this.evaluating = undefined;
    pending?.resolve(outcome);
  }

  private settle(outcome: FitOutcome): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.resolve(outcome);
  }
}

/**
 * The ClientProxy of a client on another machine: the server's side of `fedflow join`. It sends the
 * round's FitIns over the wire to the client in its seat and hands the federation the checked answer (or
 * the failure that took its place), exactly as the pool proxy does for a simulated client; the strategy
 * cannot tell them apart. A client that declared a local hold-out at join (`fedflow join --holdout F`) is
 * evaluated on it as a simulated client is: the EvaluateIns goes over the wire, the score comes back checked.
 */
import { PROTOCOL_VERSION, type EvaluateIns, type EvaluateOutcome, type FitIns, type FitOutcome, type WireEvaluateIns, type WireFitIns } from '../protocol/messages.js';
import type { ClientProxy } from '../server/clientProxy.js';
import type { ClientSeat } from './clientSeat.js';
import { toWireEncoded, toWireTensors, toWireVector } from './wireVector.js';

/** A FitIns as it travels. */
export function fitInsToWire(ins: FitIns): WireFitIns {
  return {
    type: 'fit',
    version: PROTOCOL_VERSION,
    round: ins.round,
    config: ins.config,
    ...(ins.weights !== undefined ? { weights: toWireVector(ins.weights) } : { encodedWeights: toWireEncoded(ins.encodedWeights) }),
    ...(ins.tensors ? { tensors: toWireTensors(ins.tensors) } : {}),
  };
}

/** One remote client, as the server's federation sees it. */
export class RemoteClientProxy implements ClientProxy {
  /** Whether the client now in the seat keeps a hold-out (a client rejoining the seat may keep another). */
  get canEvaluate(): boolean {
    return this.seat.holdout > 0;
  }

  constructor(
    readonly cid: number,
    readonly groupNodeId: string,
    private readonly seat: ClientSeat,
    /** The model's weight count, the length every vector of an answer must have. */
    private readonly weights: number,
    /** Milliseconds a client has to answer a round. */
    private readonly timeoutMs: number,
  ) {}

  fit(ins: FitIns, signal: AbortSignal): Promise<FitOutcome> {
    const tensors = ins.config.algorithm === 'scaffold' ? ['controlDelta'] : [];
    const expect = { round: ins.round, weights: this.weights, examples: this.seat.examples, tensors };
    return this.seat.fit(fitInsToWire(ins), expect, this.timeoutMs, signal);
  }

  evaluate(ins: EvaluateIns, signal: AbortSignal): Promise<EvaluateOutcome> {
    if (this.seat.holdout < 1) return Promise.resolve({ status: 'failed', code: 'refused', message: 'it keeps no local hold-out to be evaluated on' });
    const message: WireEvaluateIns = { type: 'evaluate', version: PROTOCOL_VERSION, round: ins.round, weights: toWireVector(ins.weights) };
    return this.seat.evaluate(message, { round: ins.round, holdout: this.seat.holdout }, this.timeoutMs, signal);
  }
}

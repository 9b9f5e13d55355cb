/**
 * The ClientProxy of a client on another machine: the server's side of `fedflow join`. It sends the
 * round's FitIns over the wire to the client in its seat and hands the federation the checked answer (or
 * the failure that took its place), exactly as the pool proxy does for a simulated client; the strategy
 * cannot tell them apart. Remote clients keep no local hold-out yet, so they are not evaluated.
 */
import { PROTOCOL_VERSION, type EvaluateIns, type EvaluateOutcome, type FitIns, type FitOutcome, type WireFitIns } from '../protocol/messages.js';
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
  readonly canEvaluate = false;

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

  evaluate(_ins: EvaluateIns): Promise<EvaluateOutcome> {
    return Promise.resolve({ status: 'failed', code: 'refused', message: 'remote clients keep no local hold-out to be evaluated on' });
  }
}

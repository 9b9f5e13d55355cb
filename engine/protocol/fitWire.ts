/**
 * A round's messages as they travel between `fedflow serve` and a remote client: FitIns read from the
 * wire, FitOutcome written to it. Shared by the Node client (engine/remote/joinClient.ts) and the browser
 * page (join/src/joinSession.ts), which differ only in how a float32 vector becomes text (Node's Buffer, or
 * the page's own base64), passed in as a codec.
 */
import { PROTOCOL_VERSION, type EncodedVector, type FitIns, type FitOutcome, type WireEncodedVector, type WireFitIns, type WireFitRes, type WireVector } from './messages.js';

/** How vectors become wire text and back; `fromWireVector` answers a string saying what is wrong with one that does not read. */
export interface WireVectorCodec {
  toWireVector(vector: Float32Array): WireVector;
  fromWireVector(wire: WireVector): Float32Array | string;
  toWireEncoded(encoded: EncodedVector): WireEncodedVector;
  fromWireEncoded(wire: WireEncodedVector): EncodedVector;
}

/** A FitIns from the wire; throws on a vector that does not read (the server is trusted less than that only in its size). */
export function fitInsFromWire(m: WireFitIns, codec: WireVectorCodec): FitIns {
  const vector = (w: WireVector) => {
    const v = codec.fromWireVector(w);
    if (typeof v === 'string') throw new Error(`the server sent ${v}`);
    return v;
  };
  const tensors = m.tensors ? { tensors: Object.fromEntries(Object.entries(m.tensors).map(([k, w]) => [k, vector(w)])) } : {};
  const base = { version: PROTOCOL_VERSION, round: m.round, config: m.config, ...tensors } as const;
  return m.weights ? { ...base, weights: vector(m.weights) } : { ...base, encodedWeights: codec.fromWireEncoded(m.encodedWeights!) };
}

/** A FitOutcome as it travels: the update's vectors as wire text, a failure as it is. */
export function outcomeToWire(outcome: FitOutcome, codec: WireVectorCodec): WireFitRes | Extract<FitOutcome, { status: 'failed' }> {
  if (outcome.status === 'failed') return outcome;
  return {
    status: 'ok',
    numExamples: outcome.numExamples,
    metrics: outcome.metrics,
    ...(outcome.weights !== undefined ? { weights: codec.toWireVector(outcome.weights) } : { update: codec.toWireEncoded(outcome.update) }),
    ...(outcome.tensors ? { tensors: Object.fromEntries(Object.entries(outcome.tensors).map(([k, v]) => [k, codec.toWireVector(v)])) } : {}),
  };
}

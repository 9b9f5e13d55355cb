/**
 * The traffic of a round's messages: what a FitIns or FitRes puts on the wire. A compressed model or
 * update counts its encoded bytes (header included), full-precision vectors 4 bytes a value; tensors
 * beside the model (SCAFFOLD's control variates) are never compressed and count in full.
 */
import type { FitIns, FitRes, Tensors } from '../protocol/messages.js';

/** Bytes of the named tensors beside a model. */
export function tensorBytes(tensors: Tensors | undefined): number {
  return Object.values(tensors ?? {}).reduce((n, t) => n + t.byteLength, 0);
}

/** Bytes a client downloads for a round: the model as sent (full or encoded) and the strategy's tensors. */
export function fitInsBytes(ins: FitIns): number {
  const model = ins.weights !== undefined ? ins.weights.byteLength : ins.encodedWeights.data.byteLength;
  return model + tensorBytes(ins.tensors);
}

/** Bytes a client uploads for a round: its weights or encoded update, and its tensors. */
export function fitResBytes(res: FitRes): number {
  const model = res.weights !== undefined ? res.weights.byteLength : res.update.data.byteLength;
  return model + tensorBytes(res.tensors);
}

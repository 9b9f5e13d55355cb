/**
 * The server's first look at a client's answer: an encoded update is decoded and added to the exact
 * global model of the round, so strategies only ever see full-precision weights. An answer that cannot
 * be read — an update that does not decode, a vector of the wrong length, a codec the aggregator does not
 * take — becomes a `malformed` failure value, never an exception: the answer came from outside.
 */
import type { ClientFailure, CompressorName, EncodedVector, FitOutcome, FullFitOutcome } from '../protocol/messages.js';

/** Decodes an encoded vector of the expected length; may throw on bytes that do not decode (the caller turns that into a failure). */
export type VectorDecoder = (encoded: EncodedVector, expectedLength: number) => Float32Array;

/** A decoded answer, and the encoded update it came from where the client sent one (the sign vote reads it). */
export interface DecodedFit {
  readonly outcome: FullFitOutcome;
  /** The update as it travelled, where the client sent an encoded one that decoded. */
  readonly encoded?: EncodedVector;
}

function malformed(message: string): ClientFailure {
  return { status: 'failed', code: 'malformed', message };
}

/**
 * Reads a client's answer against `base`, the exact global model of the round: full weights pass through
 * (when of the model's length), an encoded update u becomes weights base + decode(u). `only` restricts the
 * codecs accepted (the sign vote takes `sign` updates only).
 */
export function decodeFitRes(outcome: FitOutcome, base: Float32Array, decode: VectorDecoder, only?: CompressorName): DecodedFit {
  if (outcome.status !== 'ok') return { outcome };
  if (outcome.weights !== undefined) {
    if (only) return { outcome: malformed(`it sent full weights, but this aggregator takes ${only}-coded updates only`) };
    if (outcome.weights.length !== base.length) {
      return { outcome: malformed(`it sent ${outcome.weights.length} weights, but the model has ${base.length}`) };
    }
    return { outcome };
  }
  const encoded = outcome.update;
  if (only && encoded.codec !== only) return { outcome: malformed(`it sent a ${encoded.codec}-coded update, but this aggregator takes ${only}-coded updates only`) };
  if (encoded.length !== base.length) {
    return { outcome: malformed(`its ${encoded.codec} update decodes to ${encoded.length} values, but the model has ${base.length}`) };
  }
  let update: Float32Array;
  try {
    update = decode(encoded, base.length);
  } catch (e) {
    return { outcome: malformed(`its ${encoded.codec} update does not decode: ${(e as Error)?.message ?? String(e)}`) };
  }
  if (update.length !== base.length) {
    return { outcome: malformed(`its ${encoded.codec} update decoded to ${update.length} values, but the model has ${base.length}`) };
  }
  const weights = new Float32Array(base.length);
  for (let i = 0; i < base.length; i++) weights[i] = base[i] + update[i];
  const { numExamples, metrics, tensors } = outcome;
  return { outcome: { status: 'ok', weights, numExamples, metrics, ...(tensors ? { tensors } : {}) }, encoded };
}

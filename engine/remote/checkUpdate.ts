/**
 * The server's check of every update a remote client sends, before it reaches a strategy: the round it
 * answers, the vector lengths, finite numbers, and an example count no larger than the client declared at
 * join (FedAvg weighs by it, so an inflated count would let one client outweigh the rest). What fails
 * becomes a failure value — `malformed` or `diverged` — naming what was wrong; nothing here throws.
 */
import { decodeVector } from '../compress/createCompressor.js';
import type { ClientFailure, FailureCode, FitMetrics, FitOutcome, Tensors, WireFitOutcome, WireVector } from '../protocol/messages.js';
import { fromWireEncoded, fromWireVector } from './wireVector.js';

/** What the server expects of the answer to the round it asked. */
export interface UpdateExpectation {
  round: number;
  /** The model's weight count: the length of every vector. */
  weights: number;
  /** The examples the client declared at join: the most its answer may claim. */
  examples: number;
  /** The named tensors the round may return (SCAFFOLD: controlDelta). */
  tensors: readonly string[];
}

function failed(code: FailureCode, message: string): ClientFailure {
  return { status: 'failed', code, message };
}

/** The first index of a value that is not finite, or −1. */
function firstNonFinite(v: Float32Array): number {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return i;
  return -1;
}

/** A wire vector as the model's length of finite floats, or the failure saying what it is instead. */
function readVector(wire: WireVector, what: string, length: number): Float32Array | ClientFailure {
  const v = fromWireVector(wire);
  if (typeof v === 'string') return failed('malformed', `its ${what} is ${v}`);
  if (v.length !== length) return failed('malformed', `it sent ${v.length} values for its ${what}, but the model has ${length}`);
  const bad = firstNonFinite(v);
  if (bad >= 0) return failed('diverged', `values in its ${what} are not finite numbers (${v[bad]} at index ${bad})`);
  return v;
}

const isFailure = (x: unknown): x is ClientFailure => (x as ClientFailure).status === 'failed';

/** A remote client's answer as a FitOutcome the federation may use, or the failure it amounts to. */
export function checkUpdate(message: WireFitOutcome, expect: UpdateExpectation): FitOutcome {
  if (message.round !== expect.round) return failed('malformed', `it answered round ${message.round} during round ${expect.round}`);
  const answer = message.outcome;
  if (answer.status === 'failed') return failed(answer.code, `it reported: ${answer.message}`);
  const { numExamples } = answer;
  if (numExamples < 1 || numExamples > expect.examples) {
    return failed('malformed', `it claims ${numExamples} training examples, but it joined with ${expect.examples}`);
  }
  const m = answer.metrics;
  if (m.loss === null || !Number.isFinite(m.loss) || (m.lossBeforeFit !== undefined && (m.lossBeforeFit === null || !Number.isFinite(m.lossBeforeFit)))) {
    return failed('diverged', 'its training loss is not a finite number');
  }
  const metrics: FitMetrics = {
    loss: m.loss,
    steps: m.steps,
    ms: m.ms,
    ...(m.lossBeforeFit !== undefined ? { lossBeforeFit: m.lossBeforeFit } : {}),
    ...(m.partial ? { partial: m.partial } : {}),
    ...(m.normBit !== undefined ? { normBit: m.normBit } : {}),
  };
  let tensors: Record<string, Float32Array> | undefined;
  for (const [name, wire] of Object.entries(answer.tensors ?? {})) {
    if (!expect.tensors.includes(name)) return failed('malformed', `it sent a tensor '${name}' this round does not take`);
    const v = readVector(wire, `'${name}' tensor`, expect.weights);
    if (isFailure(v)) return v;
    (tensors ??= {})[name] = v;
  }
  const extra: { tensors?: Tensors } = tensors ? { tensors } : {};
  if ((answer.weights === undefined) === (answer.update === undefined)) return failed('malformed', 'it sent neither weights nor an update, or both');
  if (answer.weights !== undefined) {
    const weights = readVector(answer.weights, 'weights', expect.weights);
    if (isFailure(weights)) return weights;
    return { status: 'ok', numExamples, metrics, weights, ...extra };
  }
  const update = fromWireEncoded(answer.update!);
  if (update.length !== expect.weights) return failed('malformed', `its ${update.codec} update decodes to ${update.length} values, but the model has ${expect.weights}`);
  // An encoding is never larger than the raw floats plus a header; more is padding an attacker sent.
  if (update.data.byteLength > 4 * expect.weights + 64) return failed('malformed', `its ${update.codec} update is ${update.data.byteLength} bytes, more than the model's raw weights`);
  let decoded: Float32Array;
  try {
    decoded = decodeVector(update, expect.weights);
  } catch (e) {
    return failed('malformed', `its ${update.codec} update does not decode: ${(e as Error)?.message ?? String(e)}`);
  }
  const bad = firstNonFinite(decoded);
  if (bad >= 0) return failed('diverged', `its ${update.codec} update decodes to values that are not finite numbers (index ${bad})`);
  return { status: 'ok', numExamples, metrics, update, ...extra };
}

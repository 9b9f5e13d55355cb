/** The server reads a client's answer before the strategy does: encoded updates become full weights, and unreadable answers become failures. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeVector } from '../../../engine/compress/createCompressor.js';
import { quantizeCompressor } from '../../../engine/compress/quantize.js';
import { signCompressor } from '../../../engine/compress/sign.js';
import { topkCompressor } from '../../../engine/compress/topk.js';
import type { EncodedVector, FitRes } from '../../../engine/protocol/messages.js';
import { decodeFitRes } from '../../../engine/server/decodeFitRes.js';

const metrics = { loss: 1, steps: 3, ms: 1 };
const encodedRes = (update: EncodedVector): FitRes => ({ status: 'ok', update, numExamples: 10, metrics });
const base = Float32Array.from([1, 2, 3, 4]);

describe('decoding a client answer', () => {
  it('adds a decoded update to the exact global model, so the strategy gets full weights', () => {
    const update = Float32Array.from([0.5, 0, 0, -2]);
    const { outcome, encoded } = decodeFitRes(encodedRes(topkCompressor(0.5).encode(update, 1)), base, decodeVector);
    assert.equal(outcome.status, 'ok');
    assert.ok(outcome.status === 'ok');
    assert.deepEqual(Array.from(outcome.weights), [1.5, 2, 3, 2]);
    assert.equal(outcome.numExamples, 10);
    assert.equal('update' in outcome, false, 'the strategy never sees the encoded form');
    assert.equal(encoded?.codec, 'topk');
  });

  it('passes full weights through untouched', () => {
    const weights = Float32Array.from([4, 3, 2, 1]);
    const { outcome } = decodeFitRes({ status: 'ok', weights, numExamples: 5, metrics }, base, decodeVector);
    assert.ok(outcome.status === 'ok');
    assert.equal(outcome.weights, weights);
  });

  it('turns bytes that do not decode into a malformed failure naming the codec, not an exception', () => {
    const good = quantizeCompressor(8).encode(Float32Array.from([0.1, 0.2, 0.3, 0.4]), 3);
    const cut = { ...good, data: good.data.subarray(0, good.data.length - 2) };
    const { outcome } = decodeFitRes(encodedRes(cut), base, decodeVector);
    assert.equal(outcome.status, 'failed');
    assert.ok(outcome.status === 'failed');
    assert.equal(outcome.code, 'malformed');
    assert.match(outcome.message, /its quantize update does not decode: /);
  });

  it('turns an update or weights of the wrong length into a malformed failure saying both lengths', () => {
    const short = decodeFitRes(encodedRes(signCompressor.encode(Float32Array.from([1, -1, 1]), 0)), base, decodeVector).outcome;
    assert.ok(short.status === 'failed');
    assert.equal(short.code, 'malformed');
    assert.match(short.message, /decodes to 3 values, but the model has 4/);
    const long = decodeFitRes({ status: 'ok', weights: new Float32Array(5), numExamples: 1, metrics }, base, decodeVector).outcome;
    assert.ok(long.status === 'failed');
    assert.match(long.message, /it sent 5 weights, but the model has 4/);
  });

  it('turns an unknown codec and a decoder that throws anything into failures too', () => {
    const unknown = decodeFitRes(encodedRes({ codec: 'zip' as never, length: 4, data: new Uint8Array(8) }), base, decodeVector).outcome;
    assert.ok(unknown.status === 'failed');
    assert.equal(unknown.code, 'malformed');
    const thrown = decodeFitRes(encodedRes(signCompressor.encode(new Float32Array(4), 0)), base, () => {
      throw new RangeError('offset is out of bounds');
    }).outcome;
    assert.ok(thrown.status === 'failed');
    assert.match(thrown.message, /does not decode: offset is out of bounds/);
  });

  it('under a sign vote, refuses any answer that is not sign-coded', () => {
    const quantized = decodeFitRes(encodedRes(quantizeCompressor(4).encode(new Float32Array(4), 0)), base, decodeVector, 'sign').outcome;
    assert.ok(quantized.status === 'failed');
    assert.equal(quantized.code, 'malformed');
    assert.match(quantized.message, /quantize-coded update, but this aggregator takes sign-coded updates only/);
    const full = decodeFitRes({ status: 'ok', weights: new Float32Array(4), numExamples: 1, metrics }, base, decodeVector, 'sign').outcome;
    assert.ok(full.status === 'failed');
    assert.match(full.message, /full weights/);
  });

  it('leaves a failure as it came', () => {
    const failure = { status: 'failed' as const, code: 'dropped' as const, message: 'it left' };
    assert.equal(decodeFitRes(failure, base, decodeVector).outcome, failure);
  });
});

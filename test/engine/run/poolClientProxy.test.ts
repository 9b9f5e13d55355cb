/**
 * The pool client proxy's side of compression, over a fake pool whose "training" adds a known step to the
 * model it is given: what the client encodes, what it keeps between rounds, and what it refuses.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeVector, encodedBytes } from '../../../engine/compress/createCompressor.js';
import { quantizeCompressor } from '../../../engine/compress/quantize.js';
import { topkCompressor } from '../../../engine/compress/topk.js';
import { clientParams } from '../../../engine/format/params.js';
import type { ModelSpec } from '../../../engine/model/modelSpec.js';
import { PROTOCOL_VERSION, type FitIns, type FitOutcome, type FitRes } from '../../../engine/protocol/messages.js';
import { deriveSeed } from '../../../engine/random/rng.js';
import type { TrainTask } from '../../../engine/run/messages.js';
import { PoolClientProxy, type PoolContext } from '../../../engine/run/poolClientProxy.js';
import type { WorkerPool } from '../../../engine/run/pool.js';

/** A logistic model on 3 features and 2 classes: 3·2 + 2 = 8 weights. */
const MODEL: ModelSpec = { params: { arch: 'logistic' }, inputShape: [3], numClasses: 2 };
const N = 8;

/** A pool that "trains" by adding step(round) to the weights it is sent, and remembers what it was sent. */
function fakePool(step: (round: number) => number[]) {
  const sent: Float32Array[] = [];
  const pool = {
    train: async (task: TrainTask) => {
      sent.push(task.globalWeights);
      const s = step(task.round);
      return { weights: task.globalWeights.map((w, i) => w + s[i]), numExamples: task.rows.length, loss: 1, steps: 2, ms: 1 };
    },
  } as unknown as WorkerPool;
  return { pool, sent };
}

function proxyWith(pool: WorkerPool, params: Record<string, unknown>, device: { up: number; down: number } | null = null) {
  const ctx: PoolContext = {
    pool,
    backend: 'wasm',
    model: MODEL,
    train: { x: new Float32Array(0), y: new Int32Array(0), featureShape: [3], numClasses: 2 },
    seed: 1,
    aggregatorId: 'agg',
    timeoutMs: 0,
    broadcasts: new WeakMap(),
  };
  return new PoolClientProxy(ctx, {
    cid: 0,
    groupNodeId: 'clients',
    params: clientParams.parse(params),
    splitId: 'split',
    splitClient: 0,
    rows: { indices: Int32Array.from([0, 1, 2, 3]), offset: 0, length: 4 },
    holdout: { indices: new Int32Array(0), offset: 0, length: 0 },
    device: device ? { stepsPerSecond: 10, uplinkBytesPerSecond: device.up, downlinkBytesPerSecond: device.down } : null,
  });
}

const config = (round: number) => ({ localEpochs: 1, batchSize: 32, optimizer: 'sgd' as const, learningRate: 0.1, momentum: 0, proximalMu: 0, seed: 100 + round });
const fitIns = (round: number, weights = new Float32Array(N)): FitIns => ({ version: PROTOCOL_VERSION, round, weights, config: config(round) });
const signal = new AbortController().signal;

function ok(outcome: FitOutcome): FitRes {
  assert.equal(outcome.status, 'ok', outcome.status === 'failed' ? outcome.message : '');
  return outcome as FitRes;
}

describe('the pool client proxy with compression', () => {
  it('compresses its update (local − received), not its weights, seeded by its round seed; uncompressed, it sends its weights', async () => {
    const { pool } = fakePool(() => [0.5, -0.25, 0, 0, 0, 0, 0, 2]);
    const received = Float32Array.from([10, 10, 10, 10, 10, 10, 10, 10]);
    const plain = ok(await proxyWith(pool, {}).fit(fitIns(1, received), signal));
    assert.deepEqual(Array.from(plain.weights!), [10.5, 9.75, 10, 10, 10, 10, 10, 12]);
    assert.equal(plain.update, undefined);
    const res = ok(await proxyWith(pool, { compression: 'quantize', bits: 4 }).fit(fitIns(1, received), signal));
    assert.equal(res.weights, undefined);
    const expected = quantizeCompressor(4).encode(Float32Array.from([0.5, -0.25, 0, 0, 0, 0, 0, 2]), deriveSeed(101, 'compress'));
    assert.deepEqual(res.update, expected);
  });

  it('keeps its error-feedback residual across the rounds it is sampled in, and adds it to its next update', async () => {
    const steps: Record<number, number[]> = { 1: [4, 3, 2, 1, 0, 0, 0, 0], 3: [0, 0, 0, 0, 1, 1, 1, 1] };
    const { pool } = fakePool((round) => steps[round]);
    const client = proxyWith(pool, { compression: 'topk', keepFraction: 0.25, errorFeedback: true });
    assert.deepEqual(Array.from(client.residual), [], 'nothing owed before the first round');
    const first = ok(await client.fit(fitIns(1), signal));
    // Top 2 of 8: the 4 and the 3 go; the 2 and the 1 are owed.
    assert.deepEqual(Array.from(decodeVector(first.update!, N)), [4, 3, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(Array.from(client.residual), [0, 0, 2, 1, 0, 0, 0, 0]);
    // Not sampled in round 2; in round 3 the owed 2 and 1 are the largest of update + residual.
    const third = ok(await client.fit(fitIns(3), signal));
    assert.deepEqual(Array.from(decodeVector(third.update!, N)), [0, 0, 2, 1, 0, 0, 0, 0]);
    assert.deepEqual(Array.from(client.residual), [0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('without error feedback it keeps nothing: each update is compressed on its own', async () => {
    const { pool } = fakePool((round) => (round === 1 ? [4, 3, 2, 1, 0, 0, 0, 0] : [0, 0, 0, 0, 1, 1, 1, 1]));
    const client = proxyWith(pool, { compression: 'topk', keepFraction: 0.25 });
    await client.fit(fitIns(1), signal);
    const second = ok(await client.fit(fitIns(2), signal));
    assert.deepEqual(Array.from(decodeVector(second.update!, N)), Array.from(topkCompressor(0.25).decode(topkCompressor(0.25).encode(Float32Array.from([0, 0, 0, 0, 1, 1, 1, 1]), 0), N)));
    assert.deepEqual(Array.from(client.residual), []);
  });

  it('trains from a compressed broadcast decoded, and sends its update against that model', async () => {
    const { pool, sent } = fakePool(() => [1, 1, 1, 1, 1, 1, 1, 1]);
    const model = quantizeCompressor(8).encode(Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]), 9);
    const ins: FitIns = { version: PROTOCOL_VERSION, round: 1, encodedWeights: model, config: config(1) };
    const res = ok(await proxyWith(pool, {}).fit(ins, signal));
    assert.deepEqual(Array.from(sent[0]), Array.from(decodeVector(model, N)));
    assert.ok(sent[0].buffer instanceof SharedArrayBuffer, 'shared with the worker, not copied');
    // The group does not compress, but the server needs an update to add to its exact model: a `none` one.
    assert.equal(res.update?.codec, 'none');
    // (w + 1) − w in float32: 1 up to rounding.
    assert.ok(Array.from(decodeVector(res.update!, N)).every((u) => Math.abs(u - 1) < 1e-6));
  });

  it('times its simulated upload and download by the encoded sizes', async () => {
    const { pool } = fakePool(() => new Array(N).fill(0.1));
    const model = quantizeCompressor(4).encode(new Float32Array(N), 0);
    const ins: FitIns = { version: PROTOCOL_VERSION, round: 1, encodedWeights: model, config: config(1) };
    const res = ok(await proxyWith(pool, { compression: 'topk', keepFraction: 0.25 }, { up: 1, down: 1 }).fit(ins, signal));
    assert.equal(res.update!.data.byteLength, encodedBytes({ name: 'topk', fraction: 0.25 }, N));
    assert.equal(res.metrics.simulated!.upload, res.update!.data.byteLength);
    assert.equal(res.metrics.simulated!.download, model.data.byteLength);
  });

  it('answers an update that is not finite with a diverged failure, not an exception', async () => {
    const { pool } = fakePool(() => [NaN, 0, 0, 0, 0, 0, 0, 0]);
    const client = proxyWith(pool, { compression: 'quantize', errorFeedback: true });
    const outcome = await client.fit(fitIns(1), signal);
    assert.ok(outcome.status === 'failed');
    assert.equal(outcome.code, 'diverged');
    assert.match(outcome.message, /its update is not finite, so it cannot be compressed \(quantize cannot encode coordinate 0: it is NaN/);
  });

  it('refuses a message of another protocol version, naming both versions', async () => {
    const { pool, sent } = fakePool(() => new Array(N).fill(0));
    const old = { ...fitIns(1), version: 1 } as unknown as FitIns;
    const outcome = await proxyWith(pool, {}).fit(old, signal);
    assert.equal(PROTOCOL_VERSION, 2);
    assert.deepEqual(outcome, { status: 'failed', code: 'refused', message: 'it speaks protocol version 2 and was sent a version 1 message' });
    assert.equal(sent.length, 0, 'it did not train');
  });

  it('refuses a broadcast that does not decode as a malformed message, without training', async () => {
    const { pool, sent } = fakePool(() => new Array(N).fill(0));
    const ins: FitIns = { version: PROTOCOL_VERSION, round: 1, encodedWeights: { codec: 'quantize', length: N, data: new Uint8Array(3) }, config: config(1) };
    const outcome = await proxyWith(pool, {}).fit(ins, signal);
    assert.ok(outcome.status === 'failed');
    assert.equal(outcome.code, 'malformed');
    assert.match(outcome.message, /the quantize model it was sent does not decode/);
    assert.equal(sent.length, 0);
  });
});

/**
 * Compressed updates and broadcasts in whole runs: the bytes a round counts are the encoded sizes, the
 * server keeps its exact model under downlink compression, signVote is signSGD's majority vote, the
 * numbers do not depend on the number of workers, and compression costs what the literature says it does.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { decodeVector, encodedBytes } from '../../../engine/compress/createCompressor.js';
import { quantizeCompressor } from '../../../engine/compress/quantize.js';
import { signCompressor, signsOf } from '../../../engine/compress/sign.js';
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import { FORMAT_TAG, pipelineDocument } from '../../../engine/format/pipeline.js';
import { deriveSeed } from '../../../engine/random/rng.js';
import type { FederationSummary, RunEvent, RunSummary } from '../../../engine/run/events.js';
import { Federation } from '../../../engine/run/federation.js';
import type { TrainTask } from '../../../engine/run/messages.js';
import { planRun } from '../../../engine/run/plan.js';
import type { WorkerPool } from '../../../engine/run/pool.js';
import { runPipeline, startRun } from '../../../engine/run/run.js';
import { federation } from './pipelines.js';

interface Variant {
  id: string;
  client?: Record<string, unknown>;
  aggregator?: Record<string, unknown>;
}

/** One split shared by several federations, each fed by its own client group with the same training settings. */
function variants(list: Variant[], options: { seed?: number; rounds?: number; client?: Record<string, unknown>; numClients?: number; trainSize?: number } = {}): PipelineDocument {
  const nodes: Record<string, unknown>[] = [
    { id: 'data', kind: 'dataset', params: { source: 'mnist', trainSize: options.trainSize ?? 1200, testSize: 500 } },
    { id: 'split', kind: 'split', params: { method: 'iid', numClients: options.numClients ?? 6 } },
    { id: 'model', kind: 'model', params: { arch: 'mlp', hidden: [32] } },
  ];
  const edges: Record<string, unknown>[] = [{ id: 'e-data', source: 'data', sourceHandle: 'data', target: 'split', targetHandle: 'data' }];
  for (const v of list) {
    nodes.push({ id: `clients-${v.id}`, kind: 'client', params: { ...options.client, ...v.client } });
    nodes.push({ id: v.id, kind: 'aggregator', params: { strategy: 'FedAvg', rounds: options.rounds ?? 2, ...v.aggregator } });
    nodes.push({ id: `eval-${v.id}`, kind: 'evaluate', params: { federated: false } });
    edges.push(
      { id: `e-split-${v.id}`, source: 'split', sourceHandle: 'clients', target: `clients-${v.id}`, targetHandle: 'clients' },
      { id: `e-model-${v.id}`, source: 'model', sourceHandle: 'model', target: `clients-${v.id}`, targetHandle: 'model' },
      { id: `e-agg-${v.id}`, source: `clients-${v.id}`, sourceHandle: 'updates', target: v.id, targetHandle: 'updates' },
      { id: `e-eval-${v.id}`, source: v.id, sourceHandle: 'global', target: `eval-${v.id}`, targetHandle: 'global' },
    );
  }
  return pipelineDocument.parse({ format: FORMAT_TAG, name: 'compression', seed: options.seed ?? 7, nodes, edges });
}

const byId = (s: RunSummary, id: string): FederationSummary => s.federations.find((f) => f.aggregatorId === id)!;
const accuracy = (f: FederationSummary) => f.history.map((h) => h.test!.accuracy);
const show = (xs: readonly number[]) => xs.map((x) => x.toFixed(3)).join(' ');

describe('bytes under compression', () => {
  let summary: RunSummary;
  let events: RunEvent[];
  let n: number;
  before(async () => {
    const doc = variants([
      { id: 'full' },
      { id: 'q8', client: { compression: 'quantize', bits: 8 } },
      { id: 'top', client: { compression: 'topk', keepFraction: 0.05 }, aggregator: { downlinkCompression: 'quantize', downlinkBits: 4 } },
    ]);
    events = [];
    const handle = startRun(doc, { baseDir: '.', workers: 2, backend: 'wasm' });
    handle.on((e) => events.push(e));
    summary = await handle.done;
    const started = events.find((e) => e.type === 'run-started');
    assert.ok(started?.type === 'run-started');
    n = started.federations[0].weights;
  });

  it('count each client\'s encoded update up and the encoded model down, in the round records and the client events', () => {
    const up = { full: 4 * n, q8: encodedBytes({ name: 'quantize', bits: 8 }, n), top: encodedBytes({ name: 'topk', fraction: 0.05 }, n) };
    const down = { full: 4 * n, q8: 4 * n, top: encodedBytes({ name: 'quantize', bits: 4 }, n) };
    for (const id of ['full', 'q8', 'top'] as const) {
      for (const h of byId(summary, id).history) {
        assert.equal(h.participants, 6);
        assert.equal(h.bytesUp, 6 * up[id], `${id} round ${h.round} up`);
        assert.equal(h.bytesDown, 6 * down[id], `${id} round ${h.round} down`);
      }
      const finished = events.filter((e) => e.type === 'client-finished' && e.aggregatorId === id);
      assert.equal(finished.length, 12);
      for (const e of finished) assert.ok(e.type === 'client-finished' && e.bytesUp === up[id] && e.bytesDown === down[id], `${id}: ${JSON.stringify(e)}`);
    }
    assert.ok(up.q8 < 0.26 * up.full && up.top < 0.11 * up.full && down.top < 0.14 * down.full);
  });
});

/** A pool whose "training" adds step(cid) to the model it is sent: the server side is then checked exactly. */
function steppingPool(step: (clientId: number, n: number) => Float32Array): WorkerPool {
  return {
    train: async (task: TrainTask) => {
      const s = step(task.clientId, task.globalWeights.length);
      return { weights: task.globalWeights.map((w, i) => w + s[i]), numExamples: task.rows.length, loss: 1, steps: 1, ms: 0 };
    },
  } as unknown as WorkerPool;
}

async function federationOver(doc: PipelineDocument, pool: WorkerPool): Promise<Federation> {
  const plan = await planRun(doc, { baseDir: '.', workers: 1, backend: 'wasm' });
  return new Federation(plan.federations[0], {
    pool,
    backend: 'wasm',
    seed: plan.seed,
    dataset: plan.datasets.get(plan.federations[0].datasetId)!,
    partitions: plan.partitions,
    emit: () => {},
    signal: new AbortController().signal,
  });
}

/** Client c's step: small values of both signs, a different pattern per client. */
const pattern = (c: number, n: number) => Float32Array.from({ length: n }, (_, j) => (((j * 7 + c * 3) % 5) - 2) * 0.001 * (c + 1));

describe('the server side of compression, over clients with known steps', () => {
  const small = (aggregator: Record<string, unknown>, client: Record<string, unknown> = {}) =>
    federation({ dataset: { source: 'synthetic', devices: 4, sizeMean: 2, sizeSigma: 0 }, split: { method: 'iid', numClients: 4 }, model: { arch: 'logistic' }, clients: [client], aggregator: { rounds: 1, ...aggregator }, evaluate: null });

  it('under downlink quantization, clients train from the decoded broadcast but the server adds their updates to its exact model', async () => {
    const fed = await federationOver(small({ strategy: 'FedAvg', downlinkCompression: 'quantize', downlinkBits: 2 }), steppingPool((_, n) => new Float32Array(n).fill(0.01)));
    const w0 = fed.global.slice();
    const record = await fed.runRound(1);
    const broadcastError = Math.max(...Array.from(decodeVector(createBroadcast(w0, fed.id), w0.length)).map((q, i) => Math.abs(q - w0[i])));
    const serverError = Math.max(...Array.from(fed.global).map((w, i) => Math.abs(w - (w0[i] + 0.01))));
    assert.ok(broadcastError > 1e-3, `the 2-bit broadcast is coarse (${broadcastError})`);
    assert.ok(serverError < 1e-5, `the server's model is w + mean update up to rounding (${serverError})`);
    assert.equal(record.bytesDown, 4 * encodedBytes({ name: 'quantize', bits: 2 }, w0.length));
  });

  it('signVote moves every coordinate by the mean scale in the direction most clients\' signs point', async () => {
    const fed = await federationOver(small({ strategy: 'FedAvg', signVote: true }, { compression: 'sign' }), steppingPool(pattern));
    const w0 = fed.global.slice();
    await fed.runRound(1);
    // What each client sent: the sign code of its float32 update (w0 + step) − w0.
    const coded = [0, 1, 2, 3].map((c) => {
      const local = Float32Array.from(w0, (w, i) => w + pattern(c, w0.length)[i]);
      return signsOf(signCompressor.encode(Float32Array.from(local, (x, i) => x - w0[i]), 0));
    });
    const s = coded.reduce((a, x) => a + x.scale, 0) / coded.length;
    let moved = 0;
    for (let j = 0; j < w0.length; j++) {
      const vote = Math.sign(coded.reduce((a, x) => a + x.signs[j], 0));
      assert.ok(Math.abs(fed.global[j] - (w0[j] + s * vote)) < 1e-6, `coordinate ${j}: ${fed.global[j]} vs ${w0[j] + s * vote}`);
      if (vote !== 0) moved++;
    }
    assert.ok(moved > 0);
  });

  it('without signVote, sign-coded updates are averaged like any other: the mean of the scaled signs', async () => {
    const fed = await federationOver(small({ strategy: 'FedAvg' }, { compression: 'sign' }), steppingPool(pattern));
    const w0 = fed.global.slice();
    await fed.runRound(1);
    const decoded = [0, 1, 2, 3].map((c) => {
      const local = Float32Array.from(w0, (w, i) => w + pattern(c, w0.length)[i]);
      return signCompressor.decode(signCompressor.encode(Float32Array.from(local, (x, i) => x - w0[i]), 0));
    });
    const j = 0;
    assert.ok(Math.abs(fed.global[j] - (w0[j] + decoded.reduce((a, d) => a + d[j], 0) / 4)) < 1e-6);
  });
});

/** The round's broadcast as the federation encodes it (quantize, 2 bits, seeded by aggregator and round 1). */
function createBroadcast(w: Float32Array, aggregatorId: string) {
  return quantize2.encode(w, deriveSeed(7, 'downlink', aggregatorId, 1));
}
const quantize2 = quantizeCompressor(2);

describe('compression and determinism', () => {
  it('gives identical numbers with 1 and 2 workers, error feedback and downlink quantization included', async () => {
    // Half the clients a round, so residuals wait across rounds a client sits out.
    const doc = variants(
      [
        { id: 'ef', client: { compression: 'topk', keepFraction: 0.05, errorFeedback: true, fraction: 0.5 }, aggregator: { downlinkCompression: 'quantize', downlinkBits: 6 } },
        { id: 'rk', client: { compression: 'randomk', keepFraction: 0.2, errorFeedback: true, fraction: 0.5 } },
      ],
      { rounds: 3, trainSize: 600 },
    );
    const numbers = async (workers: number) => (await runPipeline(doc, { baseDir: '.', workers, backend: 'wasm' })).federations.map((f) => f.history.map(({ ms: _ms, ...rest }) => rest));
    const one = await numbers(1);
    assert.deepEqual(await numbers(2), one);
    // And it did compress: both federations up, the first down too (the second's bytes down are full precision).
    const [ef, rk] = one;
    const bytes = JSON.stringify(one.map((f) => f.map((h) => [h.bytesUp, h.bytesDown])));
    ef.forEach((h, i) => {
      const full = rk[i].bytesDown;
      assert.ok(h.participants === rk[i].participants && full > 0, bytes);
      assert.ok(h.bytesUp < 0.25 * full && rk[i].bytesUp < 0.25 * full && h.bytesDown < 0.25 * full, bytes);
    });
  });
});

describe('what compression costs in accuracy, on seeds 1, 2 and 3', () => {
  // Measured on seeds 1–5 before this was written (see the report of issue 17); the shapes asserted held on all five.
  const seeds = [1, 2, 3];
  const runs: RunSummary[] = [];
  before(async () => {
    for (const seed of seeds) {
      const doc = variants(
        [
          { id: 'full' },
          { id: 'q8', client: { compression: 'quantize', bits: 8 } },
          { id: 'top', client: { compression: 'topk', keepFraction: 0.01 } },
          { id: 'top-ef', client: { compression: 'topk', keepFraction: 0.01, errorFeedback: true } },
        ],
        { seed, rounds: 6, client: { localEpochs: 2, batchSize: 32, optimizer: 'sgd', learningRate: 0.1 } },
      );
      runs.push(await runPipeline(doc, { baseDir: '.', workers: 2, backend: 'wasm' }));
    }
  });

  it('8-bit quantization sends under 26% of the bytes up and stays within 1 point of full-precision test accuracy in every round', () => {
    runs.forEach((r, k) => {
      assert.ok(byId(r, 'q8').history.every((h, i) => h.bytesUp < 0.26 * byId(r, 'full').history[i].bytesUp));
      const a = accuracy(byId(r, 'q8'));
      const b = accuracy(byId(r, 'full'));
      assert.ok(a.every((x, i) => Math.abs(x - b[i]) <= 0.01), `seed ${seeds[k]}: 8-bit ${show(a)} vs full ${show(b)}`);
    });
  });

  it('top-1% with error feedback matches top-1% without in round 1 and beats it in every round after', () => {
    runs.forEach((r, k) => {
      const a = accuracy(byId(r, 'top-ef'));
      const b = accuracy(byId(r, 'top'));
      assert.equal(a[0], b[0], `seed ${seeds[k]}: nothing to feed back in round 1`);
      assert.ok(a.slice(1).every((x, i) => x > b[i + 1]), `seed ${seeds[k]}: with EF ${show(a)} vs without ${show(b)}`);
    });
  });
});

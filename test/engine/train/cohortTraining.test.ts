/**
 * The cohort trainer (engine/train/cohort/): a client trained with others gets, bit for bit, what it gets
 * alone (contract A, what keeps a run's numbers the same with 1 or 2 workers), and what the taped
 * ModelRunner path gives it (contract B), over seeded random clients on wasm and cpu.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
// Registered beside wasm, so one test process checks both (startBackend starts one per thread).
import '@tensorflow/tfjs-backend-cpu';
import { clientParams, modelParams } from '../../../engine/format/params.js';
import { initialWeights } from '../../../engine/model/initialWeights.js';
import { weightCount, type ModelSpec } from '../../../engine/model/modelSpec.js';
import { Rng } from '../../../engine/random/rng.js';
import type { LocalTraining, TableRef, TrainResult } from '../../../engine/run/messages.js';
import { startBackend } from '../../../engine/train/backend.js';
import { CohortTrainer, cohortStacks, type CohortMember } from '../../../engine/train/cohort/cohortTrainer.js';
import { ModelRunner } from '../../../engine/train/modelRunner.js';

const FEATURES = 6;
const CLASSES = 3;
const ROWS = 240;

function table(): TableRef {
  const rng = new Rng(1);
  const x = new Float32Array(ROWS * FEATURES).map(() => rng.normal());
  const y = Int32Array.from({ length: ROWS }, (_, i) => (x[i * FEATURES] > 0 ? 1 : 0) + (x[i * FEATURES + 1] > 0.5 ? 1 : 0));
  return { x, y, featureShape: [FEATURES], numClasses: CLASSES };
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)];

const SPECS: ModelSpec[] = [
  { params: modelParams.parse({ arch: 'mlp', hidden: [10, 5] }), inputShape: [FEATURES], numClasses: CLASSES },
  { params: modelParams.parse({ arch: 'mlp', hidden: [8], activation: 'tanh' }), inputShape: [FEATURES], numClasses: CLASSES },
  { params: modelParams.parse({ arch: 'mlp', hidden: [8], activation: 'sigmoid' }), inputShape: [FEATURES], numClasses: CLASSES },
  { params: modelParams.parse({ arch: 'logistic' }), inputShape: [FEATURES], numClasses: CLASSES },
  // Sums over more than 48 terms, where wasm's shipped batch > 1 matMul (48-wide blocks) adds in another order.
  { params: modelParams.parse({ arch: 'mlp', hidden: [64, 50] }), inputShape: [FEATURES], numClasses: CLASSES },
];

/** A random client: shard sizes from 1 row to several batches with a partial last one, every optimizer and behaviour. */
function randomMember(rng: Rng, data: TableRef, indices: Int32Array, spec: ModelSpec, withCorrection: boolean): CohortMember {
  const length = pick(rng, [1, 5, 17, 33]);
  const offset = rng.int(ROWS - length);
  const optimizer = pick(rng, ['sgd', 'momentum', 'adam'] as const);
  const client: LocalTraining = {
    ...clientParams.parse({
      localEpochs: 1 + rng.int(3),
      batchSize: pick(rng, [1, 4, 8, 'full'] as const),
      optimizer,
      learningRate: optimizer === 'adam' ? 0.01 : 0.1,
      momentum: pick(rng, [0.5, 0.9]),
      proximalMu: pick(rng, [0, 0, 0.1]),
      behaviour: pick(rng, ['honest', 'honest', 'label-flip', 'sign-flip', 'scaled', 'gaussian-noise'] as const),
      attackScale: 2,
      noiseStd: 0.01,
    }),
    ...(rng.next() < 0.3 ? { maxSteps: 1 + rng.int(4) } : {}),
  };
  const correction = withCorrection ? new Float32Array(weightCount(spec)).map(() => rng.normal(0, 0.01)) : undefined;
  return { table: data, rows: { indices, offset, length }, client, seed: rng.nextUint32(), ...(correction ? { correction } : {}) };
}

/** The same bits: weights byte for byte, and the same loss, steps and examples. */
function assertSame(actual: TrainResult, expected: TrainResult, what: string): void {
  assert.ok(Buffer.from(actual.weights.buffer).equals(Buffer.from(expected.weights.buffer)), `${what}: weights differ`);
  assert.equal(actual.loss, expected.loss, `${what}: loss`);
  assert.equal(actual.steps, expected.steps, `${what}: steps`);
  assert.equal(actual.numExamples, expected.numExamples, `${what}: examples`);
}

const CASES = 12;

describe('cohort training', () => {
  const data = table();
  const indices = new Rng(2).shuffle(Int32Array.from({ length: ROWS }, (_, i) => i));

  before(async () => {
    await startBackend('wasm');
  });

  for (const backend of ['wasm', 'cpu'] as const) {
    it(`gives each client of a cohort, bit for bit, its result alone and the taped path's (${backend})`, async () => {
      await tf.setBackend(backend);
      try {
        assert.ok(cohortStacks(), `${backend} trains a cohort as one stack`);
        const rng = new Rng(backend === 'wasm' ? 101 : 202);
        for (let c = 0; c < CASES; c++) {
          const spec = SPECS[c % SPECS.length];
          const cohort = new CohortTrainer(spec);
          const runner = new ModelRunner(spec);
          const global = initialWeights(spec, c);
          // SCAFFOLD is a round's choice: a case's clients all carry a correction or none do.
          const withCorrection = rng.next() < 0.3;
          const members = Array.from({ length: 2 + rng.int(5) }, () => randomMember(rng, data, indices, spec, withCorrection));
          const together = cohort.train(global, members);
          members.forEach((m, i) => {
            const what = `case ${c} client ${i} (${JSON.stringify({ ...m.client, rows: m.rows.length, correction: !!m.correction })})`;
            assertSame(together[i], cohort.train(global, [m])[0], `${what} in a cohort of ${members.length} vs alone`);
            assertSame(together[i], runner.trainTaped(global, m.table, m.rows, m.client, m.seed, m.correction), `${what} vs the taped path`);
          });
          assert.ok(together.some((r) => r.weights.some((w, j) => w !== global[j])), `case ${c}: nothing trained`);
        }
      } finally {
        await tf.setBackend('wasm');
      }
    });
  }

  it('reads back the same numbers synchronously and asynchronously', async () => {
    const spec = SPECS[0];
    const cohort = new CohortTrainer(spec);
    const rng = new Rng(7);
    const members = Array.from({ length: 3 }, () => randomMember(rng, data, indices, spec, false));
    const global = initialWeights(spec, 1);
    const sync = cohort.train(global, members);
    const async = await cohort.trainAsync(global, members);
    sync.forEach((r, i) => assertSame(async[i], r, `client ${i}`));
  });

  it('leaves no tensors behind, cohort after cohort', () => {
    const spec = SPECS[0];
    const cohort = new CohortTrainer(spec);
    const rng = new Rng(8);
    const global = initialWeights(spec, 2);
    const round = () => cohort.train(global, Array.from({ length: 4 }, () => randomMember(rng, data, indices, spec, rng.next() < 0.5)));
    round();
    const live = tf.memory().numTensors;
    for (let r = 0; r < 3; r++) round();
    assert.equal(tf.memory().numTensors, live);
  });

  it('refuses a CNN, which keeps the taped path', () => {
    const spec: ModelSpec = { params: modelParams.parse({ arch: 'cnn' }), inputShape: [28, 28, 1], numClasses: 10 };
    assert.throws(() => new CohortTrainer(spec), /mlp and logistic/);
  });
});

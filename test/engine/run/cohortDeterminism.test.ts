/**
 * A run's numbers do not depend on how its clients are batched: cohorts of 10 (1 worker), of 5 (2 workers)
 * or none at all give the same metrics and final weights, and a worker's tensors stay flat round after round.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { Piscina } from 'piscina';
import type { CohortSetting } from '../../../engine/format/pipeline.js';
import { clientParams, modelParams } from '../../../engine/format/params.js';
import { initialWeights } from '../../../engine/model/initialWeights.js';
import type { ModelSpec } from '../../../engine/model/modelSpec.js';
import { Rng } from '../../../engine/random/rng.js';
import type { RunSummary } from '../../../engine/run/events.js';
import type { TableRef, TrainCohortResult, TrainCohortTask, TrainTask } from '../../../engine/run/messages.js';
import { WorkerPool } from '../../../engine/run/pool.js';
import { startRun } from '../../../engine/run/run.js';
import handle from '../../../engine/run/worker.js';
import { federation } from './pipelines.js';

const doc = () =>
  federation({
    seed: 3,
    dataset: { source: 'mnist', trainSize: 600, testSize: 200 },
    split: { method: 'dirichlet', numClients: 10, alpha: 0.5, minPartitionSize: 5 },
    model: { arch: 'mlp', hidden: [32] },
    clients: [{ fraction: 1, minClients: 10, batchSize: 16, learningRate: 0.05, optimizer: 'momentum' }],
    aggregator: { strategy: 'FedAvg', rounds: 2 },
  });

const numbers = (s: RunSummary) => s.federations[0].history.map(({ ms: _ms, ...rest }) => rest);

async function run(workers: number, cohort: CohortSetting): Promise<{ summary: RunSummary; weights: Float32Array }> {
  const r = startRun(doc(), { baseDir: '.', workers, backend: 'wasm', cohort });
  const summary = await r.done;
  return { summary, weights: r.finalWeights.get('agg')! };
}

describe('cohort determinism', () => {
  it('gives identical metrics and final weights with 1 and 2 workers, cohorts on or off', async () => {
    const one = await run(1, 'auto');
    const two = await run(2, 'auto');
    const off = await run(2, 'off');
    assert.deepEqual(numbers(two.summary), numbers(one.summary));
    assert.deepEqual(numbers(off.summary), numbers(one.summary));
    assert.ok(Buffer.from(two.weights.buffer).equals(Buffer.from(one.weights.buffer)), 'final weights: 2 workers vs 1');
    assert.ok(Buffer.from(off.weights.buffer).equals(Buffer.from(one.weights.buffer)), 'final weights: cohorts off vs on');
  });

  describe('the worker pool', () => {
    const pool = new WorkerPool(2);
    after(() => pool.close());

    it("sends a round's ten clients on two workers as two cohort tasks, with each client's own result", async () => {
      const spec: ModelSpec = { params: modelParams.parse({ arch: 'logistic' }), inputShape: [4], numClasses: 2 };
      const rng = new Rng(4);
      const x = new Float32Array(200 * 4).map(() => rng.normal());
      const table: TableRef = { x, y: Int32Array.from({ length: 200 }, (_, i) => (x[i * 4] > 0 ? 1 : 0)), featureShape: [4], numClasses: 2 };
      const indices = Int32Array.from({ length: 200 }, (_, i) => i);
      const global = initialWeights(spec, 1);
      const task = (c: number): TrainTask => ({
        type: 'train', backend: 'wasm', model: spec, table, rows: { indices, offset: c * 20, length: 20 },
        globalWeights: global, client: clientParams.parse({ batchSize: 8 }), clientId: c, round: 1, seed: c,
      });
      const before = pool.cohortTasks;
      const together = await Promise.all(Array.from({ length: 10 }, (_, c) => pool.train(task(c))));
      assert.equal(pool.cohortTasks - before, 2);
      // One at a time: each task is alone in its macrotask.
      for (let c = 0; c < 10; c++) assert.deepEqual((await pool.train(task(c))).weights, together[c].weights);
    });
  });

  it("keeps a worker's tensors flat, cohort task after cohort task", async () => {
    const spec: ModelSpec = { params: modelParams.parse({ arch: 'mlp', hidden: [16] }), inputShape: [8], numClasses: 3 };
    const rng = new Rng(5);
    const x = new Float32Array(300 * 8).map(() => rng.normal());
    const table: TableRef = { x, y: Int32Array.from({ length: 300 }, () => rng.int(3)), featureShape: [8], numClasses: 3 };
    const indices = Int32Array.from({ length: 300 }, (_, i) => i);
    const round = async (r: number) => {
      const task: TrainCohortTask = {
        type: 'train-cohort', version: 1, backend: 'wasm', model: spec, table, globalWeights: initialWeights(spec, r), round: r,
        members: Array.from({ length: 5 }, (_, c) => ({
          clientId: c, rows: { indices, offset: c * 50, length: 17 + 7 * c }, seed: r * 10 + c,
          client: clientParams.parse({ batchSize: 8, localEpochs: 2, optimizer: (['sgd', 'momentum', 'adam'] as const)[c % 3], proximalMu: c % 2 ? 0.1 : 0 }),
        })),
      };
      // Called in this thread, the worker's entry point returns its result wrapped for transfer.
      const out = (await handle(task)) as unknown as Record<symbol, TrainCohortResult>;
      return out[Piscina.valueSymbol];
    };
    await round(1);
    const live = tf.memory().numTensors;
    for (let r = 2; r <= 4; r++) assert.equal((await round(r)).results.length, 5);
    assert.equal(tf.memory().numTensors, live);
  });
});

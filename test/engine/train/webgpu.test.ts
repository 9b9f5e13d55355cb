/**
 * The webgpu backend (tfjs-backend-webgpu on Dawn, npm `webgpu`), tested on SwiftShader: the software
 * Vulkan driver that Debian's chromium package ships. Needs `apt-get install libvulkan1 chromium` (CI
 * installs them); without them these tests fail, saying so, rather than skip.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { clientParams, modelParams } from '../../../engine/format/params.js';
import { initialWeights } from '../../../engine/model/initialWeights.js';
import type { ModelSpec } from '../../../engine/model/modelSpec.js';
import { Rng } from '../../../engine/random/rng.js';
import type { RunEvent, RunSummary } from '../../../engine/run/events.js';
import type { TableRef } from '../../../engine/run/messages.js';
import { WorkerPool } from '../../../engine/run/pool.js';
import { runPipeline, startRun } from '../../../engine/run/run.js';
import { BackendError, backendAdapter, explainBackendFailure, resolveBackend, startBackend } from '../../../engine/train/backend.js';
import { CohortTrainer } from '../../../engine/train/cohort/cohortTrainer.js';
import { ModelRunner } from '../../../engine/train/modelRunner.js';
import { ALLOW_SOFTWARE_ENV, hasVulkanLoader, probeAdapter } from '../../../engine/train/webgpuNode.js';
import { federation } from '../run/pipelines.js';

/**
 * webgpu against wasm, same document and seed: float32 sums run in another order on the GPU. Measured on
 * SwiftShader: weights after 8 MLP steps and after a 2-round federation differ by ≤ 6e-8, training and
 * test losses by ≤ 7e-7 (also for the seed's MLP and the CNN); the bound leaves a real GPU's own
 * rounding (fused multiply-adds, other reduction orders) room.
 */
export const WEBGPU_VS_WASM_TOLERANCE = 1e-4;

const SWIFTSHADER_ICDS = ['/usr/lib/chromium/vk_swiftshader_icd.json', '/usr/lib/chromium-browser/vk_swiftshader_icd.json'];
const INSTALL = 'install the Vulkan loader and SwiftShader: `apt-get install -y libvulkan1 chromium` (CI does)';

// Before anything loads Dawn: the Vulkan loader reads these when Dawn starts, in this thread and in workers.
const icd = SWIFTSHADER_ICDS.find((f) => existsSync(f));
if (!process.env.VK_ICD_FILENAMES && icd) process.env.VK_ICD_FILENAMES = icd;
process.env.XDG_RUNTIME_DIR ??= tmpdir();
process.env[ALLOW_SOFTWARE_ENV] = '1';

const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

const doc = () =>
  federation({
    seed: 5,
    dataset: { source: 'mnist', trainSize: 300, testSize: 100 },
    split: { method: 'iid', numClients: 3 },
    model: { arch: 'mlp', hidden: [16] },
    clients: [{ batchSize: 25, learningRate: 0.1 }],
    aggregator: { strategy: 'FedAvg', rounds: 2 },
  });

describe('webgpu backend (on SwiftShader)', () => {
  before(() => {
    assert.ok(hasVulkanLoader(), `libvulkan.so.1 is missing: ${INSTALL}.`);
    assert.ok(process.env.VK_ICD_FILENAMES && existsSync(process.env.VK_ICD_FILENAMES), `No SwiftShader Vulkan driver (${SWIFTSHADER_ICDS[0]}): ${INSTALL}.`);
  });

  it('auto never picks a software adapter', async () => {
    const probe = await probeAdapter();
    assert.ok(probe.adapter, `no adapter: ${probe.adapter === null ? probe.reason : ''}`);
    assert.equal(probe.adapter.software, true);
    assert.match(probe.adapter.name, /SwiftShader/);
    assert.notEqual(await resolveBackend('auto'), 'webgpu');
  });

  it(`refuses a software-only adapter without ${ALLOW_SOFTWARE_ENV}=1, saying why, and does not fall back`, async () => {
    delete process.env[ALLOW_SOFTWARE_ENV];
    try {
      const events: RunEvent[] = [];
      await assert.rejects(
        runPipeline(doc(), { baseDir: '.', backend: 'webgpu' }, (e) => events.push(e)),
        (e: Error) => e instanceof BackendError && /software renderer \(SwiftShader.*FEDFLOW_WEBGPU_ALLOW_SOFTWARE=1/.test(e.message),
      );
      assert.deepEqual(events.map((e) => e.type), ['failed']);
    } finally {
      process.env[ALLOW_SOFTWARE_ENV] = '1';
    }
  });

  it('says which Vulkan piece is missing when there is no driver, without falling back', async () => {
    const icdFile = process.env.VK_ICD_FILENAMES;
    process.env.VK_ICD_FILENAMES = '/nonexistent/icd.json';
    try {
      await assert.rejects(
        runPipeline(doc(), { baseDir: '.', backend: 'webgpu' }),
        (e: Error) => e instanceof BackendError && /webgpu backend cannot start: no WebGPU adapter: no Vulkan driver is installed/.test(e.message),
      );
    } finally {
      process.env.VK_ICD_FILENAMES = icdFile;
    }
  });

  it('names an operation tfjs-backend-webgpu lacks as a BackendError', () => {
    const e = explainBackendFailure(new Error("Kernel 'Conv3DBackpropFilterV2' not registered for backend 'webgpu'"), 'webgpu');
    assert.ok(e instanceof BackendError);
    assert.match(e.message, /webgpu backend lacks the Conv3DBackpropFilterV2 operation/);
    const other = new Error('diverged');
    assert.equal(explainBackendFailure(other, 'webgpu'), other);
  });

  it('runs a 2-round, 3-client FedAvg federation: the same numbers twice, and within tolerance of wasm', async () => {
    const run = startRun(doc(), { baseDir: '.', backend: 'webgpu', workers: 2 });
    const events: RunEvent[] = [];
    run.on((e) => events.push(e));
    const first = await run.done;
    const started = events.find((e) => e.type === 'run-started');
    assert.ok(started?.type === 'run-started');
    assert.equal(started.backend, 'webgpu');
    assert.match(started.adapter ?? '', /SwiftShader/);
    assert.equal(started.workers, 1, 'the GPU worker owns the device');
    assert.equal(events.filter((e) => e.type === 'client-finished').length, 6);

    const again = startRun(doc(), { baseDir: '.', backend: 'webgpu' });
    const wasm = startRun(doc(), { baseDir: '.', backend: 'wasm', workers: 1 });
    const [second, reference] = await Promise.all([again.done, wasm.done]);
    const numbers = (s: RunSummary) => s.federations[0].history.map(({ ms: _ms, ...rest }) => rest);
    assert.deepEqual(numbers(second), numbers(first));
    assert.deepEqual(again.finalWeights.get('agg'), run.finalWeights.get('agg'));

    const ours = first.federations[0].history;
    const theirs = reference.federations[0].history;
    for (let r = 0; r < 2; r++) {
      assert.ok(Math.abs(ours[r].trainLoss! - theirs[r].trainLoss!) < WEBGPU_VS_WASM_TOLERANCE, `round ${r + 1} train loss`);
      assert.ok(Math.abs(ours[r].test!.loss - theirs[r].test!.loss) < WEBGPU_VS_WASM_TOLERANCE, `round ${r + 1} test loss`);
      assert.ok(Math.abs(ours[r].test!.accuracy - theirs[r].test!.accuracy) <= 0.01, `round ${r + 1} accuracy`);
    }
    const diff = maxDiff(run.finalWeights.get('agg')!, wasm.finalWeights.get('agg')!);
    assert.ok(diff < WEBGPU_VS_WASM_TOLERANCE, `final weights differ from wasm's by ${diff}`);
  });

  describe('ModelRunner in this thread', () => {
    const spec: ModelSpec = { params: modelParams.parse({ arch: 'mlp', hidden: [64, 32] }), inputShape: [20], numClasses: 4 };
    const rng = new Rng(3);
    const x = new Float32Array(128 * 20).map(() => rng.normal());
    const table: TableRef = { x, y: Int32Array.from({ length: 128 }, (_, i) => (x[i * 20] > 0 ? 1 : 0) + (x[i * 20 + 1] > 0 ? 2 : 0)), featureShape: [20], numClasses: 4 };
    const indices = Int32Array.from({ length: 128 }, (_, i) => i);
    const rows = { indices, offset: 0, length: 128 };
    const global = initialWeights(spec, 8);
    const client = clientParams.parse({ batchSize: 16, learningRate: 0.1, optimizer: 'momentum', momentum: 0.9 });
    let runner: ModelRunner;
    const pool = new WorkerPool(1);

    before(async () => {
      assert.equal(await startBackend('webgpu'), 'webgpu');
      assert.match(backendAdapter() ?? '', /SwiftShader/);
      runner = new ModelRunner(spec);
    });
    after(() => pool.close());

    it('trains the MLP for 8 steps within tolerance of wasm', async () => {
      const ours = await runner.trainAsync(global, table, rows, client, 11);
      const task = { type: 'train', backend: 'wasm', model: spec, table, rows, globalWeights: global, client, clientId: 0, round: 1, seed: 11 } as const;
      const theirs = await pool.train(task);
      assert.equal(ours.steps, 8);
      assert.ok(Math.abs(ours.loss - theirs.loss) < WEBGPU_VS_WASM_TOLERANCE, `loss ${ours.loss} vs wasm ${theirs.loss}`);
      const diff = maxDiff(ours.weights, theirs.weights);
      assert.ok(diff < WEBGPU_VS_WASM_TOLERANCE, `weights differ from wasm's by ${diff}`);
      const scores = await runner.scoreAsync(ours.weights, table, null, true);
      assert.equal(scores.examples, 128);
    });

    it('keeps the number of tensors flat over rounds of clients and evaluations', async () => {
      const kinds = ['sgd', 'momentum', 'adam'] as const;
      const round = async (seed: number) => {
        for (const optimizer of kinds) await runner.trainAsync(global, table, rows, clientParams.parse({ optimizer, proximalMu: 0.1, batchSize: 64 }), seed);
        await runner.scoreAsync(global, table, null, true);
      };
      await round(1);
      const live = tf.memory().numTensors;
      for (let r = 2; r <= 3; r++) {
        await round(r);
        assert.equal(tf.memory().numTensors, live, `round ${r}`);
      }
    });

    it('gives each client of a stacked cohort its result alone, with tensors flat over rounds', async () => {
      const cohort = new CohortTrainer(spec);
      const members = [16, 5, 40].map((length, c) => ({
        table,
        rows: { indices, offset: c * 40, length },
        client: clientParams.parse({ batchSize: 8, localEpochs: 1 + c, optimizer: 'adam', learningRate: 0.01 }),
        seed: c,
      }));
      const together = await cohort.trainAsync(global, members);
      const live = tf.memory().numTensors;
      for (const [c, m] of members.entries()) {
        const [alone] = await cohort.trainAsync(global, [m]);
        assert.ok(Buffer.from(alone.weights.buffer).equals(Buffer.from(together[c].weights.buffer)), `client ${c}: weights`);
        assert.equal(alone.loss, together[c].loss, `client ${c}: loss`);
      }
      await cohort.trainAsync(global, members);
      assert.equal(tf.memory().numTensors, live);
    });
  });
});

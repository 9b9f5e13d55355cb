/**
 * Valid documents that exceed the machine: a run's memory and work are estimated before anything is
 * allocated, what cannot fit is refused on the model node with the estimate and the limit, and workers
 * are capped at what the machine holds — in validation, in planning and when a run starts.
 */
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { describe, it } from 'node:test';
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import { PipelineError, type Problem } from '../../../engine/format/problems.js';
import { validatePipeline } from '../../../engine/format/validate.js';
import { estimateRun, type FederationWorkload } from '../../../engine/model/runEstimate.js';
import { checkRunLimits, MAX_TYPED_ARRAY_LENGTH, WORKERS_PER_CORE, type RunLimits } from '../../../engine/model/runLimits.js';
import type { RunEvent } from '../../../engine/run/events.js';
import { planRun } from '../../../engine/run/plan.js';
import { startRun } from '../../../engine/run/run.js';
import { federation, type FederationSpec } from './pipelines.js';

const GiB = 2 ** 30;

function doc(spec: FederationSpec, settings: PipelineDocument['settings'] = { backend: 'auto' }): PipelineDocument {
  return { ...federation(spec), settings };
}

const huge = (hidden: number[], backend: PipelineDocument['settings']['backend']) => doc({ model: { arch: 'mlp', hidden } }, { backend });

/** Runs `f` and says how many bytes of ArrayBuffers it left allocated at its peak (sampled after). */
async function allocatedBy<T>(f: () => Promise<T> | T): Promise<{ result: T; bytes: number }> {
  const before = process.memoryUsage().arrayBuffers;
  const result = await f();
  return { result, bytes: process.memoryUsage().arrayBuffers - before };
}

async function planProblems(d: PipelineDocument, options: Parameters<typeof planRun>[1]): Promise<Problem[]> {
  try {
    await planRun(d, options);
  } catch (e) {
    if (e instanceof PipelineError) return e.problems;
    throw e;
  }
  assert.fail('planning should have refused the run');
}

function modelProblem(problems: Problem[]): Problem {
  const found = problems.filter((p) => p.severity === 'error');
  assert.equal(found.length, 1, JSON.stringify(problems, null, 1));
  assert.equal(found[0].nodeId, 'model');
  assert.equal(found[0].field, 'params.hidden');
  return found[0];
}

/** The template's federation: MNIST, MLP 784-128-64-10, 10 clients, 10 rounds. */
function templateWorkload(overrides: Partial<FederationWorkload> = {}, client: Record<string, unknown> = {}): FederationWorkload {
  const params = { localEpochs: 1, batchSize: 32, optimizer: 'sgd', learningRate: 0.01, momentum: 0.9, proximalMu: 0, fraction: 1, minClients: 2, overSelection: 0, ...client };
  return {
    aggregatorId: 'agg',
    modelNodeId: 'model',
    model: { params: { arch: 'mlp', hidden: [128, 64], activation: 'relu' }, inputShape: [28, 28, 1], numClasses: 10 },
    aggregator: { strategy: 'FedAvg', rounds: 10 } as FederationWorkload['aggregator'],
    groups: [{ clientNodeId: 'clients', params: params as never, clients: 10, examplesPerClient: 800, maxExamplesPerClient: 800 }],
    testExamples: 2000,
    ...overrides,
  };
}

describe('the estimate of a run', () => {
  it('counts the template MLP\'s weights and the work of a round: three forward passes per training example', () => {
    const e = estimateRun([templateWorkload()], 0, 2);
    assert.equal(e.parameters, 784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10);
    assert.equal(e.layers, 3);
    const forward = 2 * (784 * 128 + 128 * 64 + 64 * 10);
    assert.equal(e.flopsPerRound, 8000 * 3 * forward + 2000 * forward);
    assert.equal(e.totalFlops, 10 * e.flopsPerRound);
    assert.equal(e.totalBytes, e.coordinatorBytes + e.dataBytes + 2 * e.workerBytes);
  });

  it('grows with what each copy of the weights is kept for: optimizer state, SCAFFOLD variates, updates held in a round', () => {
    const bytes = (w: FederationWorkload) => estimateRun([w], 0, 1);
    const sgd = bytes(templateWorkload());
    const adam = bytes(templateWorkload({}, { optimizer: 'adam' }));
    assert.ok(adam.deviceBytesPerWorker > sgd.deviceBytesPerWorker);
    const scaffold = bytes(templateWorkload({ aggregator: { strategy: 'SCAFFOLD', rounds: 10 } as FederationWorkload['aggregator'] }));
    // One control variate per client on the coordinator, beside the global weights and the round's updates.
    assert.ok(scaffold.coordinatorBytes >= sgd.coordinatorBytes + 10 * 109_386 * 4);
    const half = bytes(templateWorkload({}, { fraction: 0.5, minClients: 1 }));
    assert.equal(sgd.coordinatorBytes - half.coordinatorBytes, 5 * 109_386 * 4);
  });
});

describe('a model too large for the machine', () => {
  it('30000×30000 on wasm is refused by validation with its estimate and the 4 GiB heap limit, without allocating it', async () => {
    const { result: problems, bytes } = await allocatedBy(() => validatePipeline(huge([30000, 30000], 'wasm')));
    const p = modelProblem(problems);
    assert.match(p.message, /needs about 1\d\.\d GiB in each worker's wasm heap \(923,880,010 weights, 3\.44 GiB a copy/);
    assert.match(p.message, /the wasm backend holds at most 4\.00 GiB per worker/);
    assert.ok(bytes < 64 * 2 ** 20, `validation allocated ${bytes} bytes`);
  });

  it('30000×30000 is refused when a run is planned, before its data is read', async () => {
    const { result: problems, bytes } = await allocatedBy(() => planProblems(huge([30000, 30000], 'wasm'), { baseDir: '.' }));
    assert.match(modelProblem(problems).message, /4\.00 GiB per worker/);
    assert.ok(bytes < 64 * 2 ** 20, `planning allocated ${bytes} bytes`);
  });

  it('65536×65536 has more weights than a typed array holds: refused for every backend, as a value not a crash', async () => {
    for (const backend of ['auto', 'cpu', 'wasm'] as const) {
      const p = modelProblem(validatePipeline(huge([65536, 65536], backend)));
      assert.match(p.message, /the model has 4,347,133,962 weights \(16\.2 GiB a copy\); a weight vector holds at most 4,294,967,296/);
    }
    const { result: problems, bytes } = await allocatedBy(() => planProblems(huge([65536, 65536], 'cpu'), { baseDir: '.' }));
    assert.match(modelProblem(problems).message, /4,294,967,296/);
    assert.ok(bytes < 64 * 2 ** 20);
    assert.equal(MAX_TYPED_ARRAY_LENGTH, 2 ** 32);
  });

  it('a model that fits the backend but not the machine\'s memory is refused with the estimate and the machine\'s memory', () => {
    const limits: RunLimits = { backend: 'cpu', deviceHeapBytes: null, totalMemoryBytes: 16 * GiB, freeMemoryBytes: 12 * GiB, cores: 8 };
    const big = templateWorkload({ model: { params: { arch: 'mlp', hidden: [30000, 30000], activation: 'relu' }, inputShape: [28, 28, 1], numClasses: 10 } });
    const check = checkRunLimits([big], 31 * 2 ** 20, 4, limits, () => ({ nodeId: 'model', field: 'params.hidden', name: "'MLP'" }));
    const p = modelProblem(check.problems);
    assert.match(p.message, /^'MLP': this run needs about \d+\.\d GiB of memory even with one worker/);
    assert.match(p.message, /a round's 10 client updates/);
    assert.match(p.message, /but this machine has 16\.0 GiB/);
  });

  it('a run of a model too large fails at once, naming the model node, and starts no worker', async () => {
    const run = startRun(huge([30000, 30000], 'wasm'), { baseDir: '.' });
    const events: RunEvent[] = [];
    run.on((e) => events.push(e));
    await assert.rejects(run.done, PipelineError);
    assert.deepEqual(events.map((e) => e.type), ['failed']);
    const failed = events[0] as Extract<RunEvent, { type: 'failed' }>;
    assert.equal(failed.nodeId, 'model');
    assert.equal(failed.field, 'params.hidden');
    assert.match(failed.message, /wasm heap/);
  });
});

describe('workers', () => {
  const field = () => ({ nodeId: 'model', field: 'params.hidden', name: "'MLP'" });

  it(`256 workers on 2 cores are capped at ${2 * WORKERS_PER_CORE}, with a warning on settings.workers`, () => {
    const check = checkRunLimits([templateWorkload()], 31 * 2 ** 20, 256, { backend: 'wasm', deviceHeapBytes: 2 ** 32, totalMemoryBytes: 64 * GiB, cores: 2 }, field);
    assert.equal(check.workers, 2 * WORKERS_PER_CORE);
    assert.equal(check.estimate.workers, check.workers);
    assert.deepEqual(check.problems.map((p) => [p.severity, p.field]), [['warning', 'settings.workers']]);
    assert.match(check.problems[0].message, /asks for 256 worker threads but uses 8: this machine has 2 cores/);
  });

  it('workers are capped at what the memory holds, saying what a worker needs', () => {
    const check = checkRunLimits([templateWorkload()], 31 * 2 ** 20, 256, { backend: 'wasm', deviceHeapBytes: 2 ** 32, totalMemoryBytes: 2 * GiB, cores: 64 }, field);
    const perWorker = check.estimate.workerBytes;
    assert.equal(check.workers, Math.floor((2 * GiB * 0.9 - check.estimate.coordinatorBytes - check.estimate.dataBytes) / perWorker));
    assert.ok(check.workers < 64);
    assert.match(check.problems[0].message, /each worker needs about \d+\.\d MiB and this machine's 2\.00 GiB of memory holds \d+/);
    assert.ok(check.estimate.totalBytes <= 2 * GiB * 0.9);
  });

  it('a workers setting of 256 is capped when the run is planned on this machine', async () => {
    const plan = await planRun(doc({ dataset: { source: 'mnist', trainSize: 400, testSize: 100 } }, { backend: 'wasm', workers: 256 }), { baseDir: '.' });
    const cap = WORKERS_PER_CORE * Math.max(1, availableParallelism());
    assert.ok(plan.workers <= Math.min(256, cap), `${plan.workers} workers`);
    if (plan.workers < 256) assert.equal(plan.warnings.filter((p) => p.field === 'settings.workers' && /asks for 256 worker threads/.test(p.message)).length, 1);
    assert.equal(plan.estimate.workers, plan.workers);
  });

  it('a run asked for 256 workers starts the capped number and says so in its first event', async () => {
    const run = startRun(doc({ dataset: { source: 'mnist', trainSize: 400, testSize: 100 } }, { backend: 'wasm', workers: 256 }), { baseDir: '.' });
    const started = await new Promise<Extract<RunEvent, { type: 'run-started' }>>((resolve, reject) => {
      run.on((e) => (e.type === 'run-started' ? resolve(e) : e.type === 'failed' ? reject(new Error(e.message)) : undefined));
    });
    run.cancel();
    await run.done.catch(() => undefined);
    assert.ok(started.workers <= WORKERS_PER_CORE * Math.max(1, availableParallelism()));
    if (started.workers < 256) assert.match(started.warnings?.[0]?.message ?? '', /asks for 256 worker threads but uses/);
  });
});

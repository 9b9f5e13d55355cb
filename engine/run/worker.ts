/**
 * The worker thread: trains clients and scores models, never aggregates. It keeps one ModelRunner per
 * model spec and starts its backend on the first task.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Piscina } from 'piscina';
import { backendAdapter, explainBackendFailure, startBackend } from '../train/backend.js';
import { ModelRunner } from '../train/modelRunner.js';
import type { ModelSpec } from '../model/modelSpec.js';
import { dlgInvert } from '../train/dlgInversion.js';
import { COHORT_TASK_VERSION, type EvaluateResult, type InjectedFault, type InvertResult, type ProbeResult, type SaveResult, type TrainCohortResult, type TrainResult, type WorkerTask } from './messages.js';

const runners = new Map<string, ModelRunner>();

function runnerFor(spec: ModelSpec): ModelRunner {
  const key = JSON.stringify(spec);
  let runner = runners.get(key);
  if (!runner) {
    runner = new ModelRunner(spec);
    runners.set(key, runner);
  }
  return runner;
}

/** Wraps a result so piscina transfers the given buffers instead of copying them. */
function transfer<T extends object>(value: T, buffers: ArrayBuffer[]): T {
  return Piscina.move({ [Piscina.transferableSymbol]: buffers, [Piscina.valueSymbol]: value } as never) as T;
}

/**
 * Runs one task; the piscina entry point. Reads results back with ModelRunner's async methods, which every
 * backend supports (webgpu in Node has no synchronous read) and which give the same numbers.
 */
export default async function handle(task: WorkerTask): Promise<TrainResult | TrainCohortResult | EvaluateResult | SaveResult | ProbeResult | InvertResult> {
  try {
    return await run(task);
  } catch (e) {
    throw explainBackendFailure(e, task.backend);
  }
}

/** Commits a fault a test injected: a real exception, a real thread exit, or a real hang that only termination ends. */
function commitFault(fault: InjectedFault): void {
  switch (fault) {
    case 'throw':
      throw new Error('injected fault: this client threw while training');
    case 'exit':
      // In a worker thread process.exit ends the thread only, as a crash in native code would.
      process.exit(1);
      break;
    case 'hang':
      for (;;) {
        // Busy, not awaiting: only terminating the thread ends this, as with a stuck kernel.
      }
  }
}

async function run(task: WorkerTask): Promise<TrainResult | TrainCohortResult | EvaluateResult | SaveResult | ProbeResult | InvertResult> {
  const backend = await startBackend(task.backend);
  if (task.type === 'probe') {
    const adapter = backendAdapter();
    return { backend, ...(adapter ? { adapter } : {}) };
  }
  if (task.type === 'invert') {
    const result = dlgInvert(task.model, task.globalWeights, task.update, task.label, task);
    return transfer(result, [result.input.buffer as ArrayBuffer]);
  }
  const runner = runnerFor(task.model);
  switch (task.type) {
    case 'train': {
      if (task.fault) commitFault(task.fault);
      const before = task.lossBeforeFit
        ? (await runner.scoreAsync(task.globalWeights, task.table, task.rows.indices.subarray(task.rows.offset, task.rows.offset + task.rows.length), false)).loss
        : undefined;
      const result = await runner.trainAsync(task.globalWeights, task.table, task.rows, task.client, task.seed, task.correction);
      if (before !== undefined) result.lossBeforeFit = before;
      return transfer(result, [result.weights.buffer as ArrayBuffer]);
    }
    case 'train-cohort': {
      if ((task.version as number) !== COHORT_TASK_VERSION) throw new Error(`This worker reads cohort tasks of version ${COHORT_TASK_VERSION}, not ${String(task.version)}.`);
      const members = task.members.map((m) => ({ table: task.table, rows: m.rows, client: m.client, seed: m.seed, ...(m.correction ? { correction: m.correction } : {}) }));
      const results = await runner.cohort.trainAsync(task.globalWeights, members);
      return transfer({ results }, results.map((r) => r.weights.buffer as ArrayBuffer));
    }
    case 'evaluate': {
      const start = performance.now();
      runner.setWeights(task.weights);
      const slice = (r: { indices: Int32Array; offset: number; length: number }) =>
        r.indices.subarray(r.offset, r.offset + r.length);
      const result: EvaluateResult = { ms: 0 };
      if (!task.groups || task.rows) {
        result.overall = await runner.scoreAsync(null, task.table, task.rows ? slice(task.rows) : null, true);
      }
      if (task.groups) {
        result.groups = [];
        for (const g of task.groups) result.groups.push(await runner.scoreAsync(null, task.table, slice(g), false));
      }
      result.ms = performance.now() - start;
      return result;
    }
    case 'save': {
      runner.setWeights(task.weights);
      let saved: SaveResult | undefined;
      await runner.model.save(
        tf.io.withSaveHandler(async (artifacts) => {
          const data = artifacts.weightData;
          const weightData = Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : (data as ArrayBuffer);
          saved = { modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs ?? [], weightData };
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        }),
      );
      return transfer(saved!, [saved!.weightData]);
    }
  }
}

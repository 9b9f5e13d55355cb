/**
 * Backends side by side (`--backend webgpu`): the workloads' client training on wasm and on webgpu in
 * the same run. Each backend trains in its own worker thread, through the engine's WorkerPool and worker
 * (as a run's GPU worker does), so both read their results back the same way; the figure is the worker's
 * own training time (set weights, train, read weights back), without messaging.
 *
 * A slow backend (a software adapter such as SwiftShader trains the CNN at ~1 sample/s) must not stall
 * the bench: after a warm-up batch (shader compilation), one timed batch estimates the speed and the
 * timed slice is sized to take about `targetMs`, never fewer than one batch of rows (where the estimate
 * alone took that long, it is the one timed slice).
 */
import { deriveSeed } from '../engine/random/rng.js';
import { initialWeights } from '../engine/model/initialWeights.js';
import type { TableRef, TrainTask } from '../engine/run/messages.js';
import { WorkerPool } from '../engine/run/pool.js';
import type { ConcreteBackend } from '../engine/train/backend.js';
import type { BenchContext } from './context.js';
import { federatedPlan } from './federatedSetup.js';
import { fmt, type Section } from './report.js';
import { BENCH_SEED, parsedClient, type Workload } from './workloads.js';

export interface BackendSpeed {
  backend: ConcreteBackend;
  /** The GPU adapter (webgpu), e.g. "SwiftShader driver 5.0.0, software". */
  adapter?: string;
  /** Rows of each timed slice. */
  rows: number;
  warmupMs: number;
  /** The worker's training time of each timed slice. */
  sliceMs: number[];
  /** Rows ÷ the median slice time; null where the backend could not run. */
  samplesPerSec: number | null;
  /** Why the backend could not run (e.g. no GPU adapter). */
  error?: string;
}

export interface BackendComparison {
  workload: string;
  title: string;
  speeds: BackendSpeed[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Trains the workload's client on one backend in a fresh one-worker pool and times it. */
async function measureBackend(w: Workload, backend: ConcreteBackend, targetMs: number): Promise<BackendSpeed> {
  const plan = await federatedPlan(w);
  const fed = plan.federations[0];
  const dataset = plan.datasets.get(fed.datasetId)!;
  const table: TableRef = { x: dataset.train.x, y: dataset.train.y, featureShape: dataset.featureShape, numClasses: dataset.numClasses };
  const n = dataset.train.y.length;
  const indices = Int32Array.from({ length: n }, (_, i) => i);
  const client = parsedClient();
  const batch = client.batchSize === 'full' ? n : Math.min(client.batchSize, n);
  const globalWeights = initialWeights(fed.model, deriveSeed(BENCH_SEED, 'init', fed.modelNodeId));
  const task = (rows: number, seed: number): TrainTask => ({
    type: 'train',
    backend,
    model: fed.model,
    table,
    rows: { indices, offset: 0, length: rows },
    globalWeights,
    client,
    clientId: 0,
    round: 1,
    seed: deriveSeed(BENCH_SEED, 'backends', seed),
  });
  const speed: BackendSpeed = { backend, rows: 0, warmupMs: 0, sliceMs: [], samplesPerSec: null };
  const pool = new WorkerPool(1);
  try {
    const started = await pool.probe({ type: 'probe', backend });
    if (started.adapter) speed.adapter = started.adapter;
    speed.warmupMs = (await pool.train(task(batch, 0))).ms;
    const estimate = (await pool.train(task(batch, 1))).ms;
    const perRow = estimate / batch;
    if (estimate >= targetMs) {
      speed.rows = batch;
      speed.sliceMs.push(estimate);
    } else {
      speed.rows = Math.min(n, Math.max(batch, Math.floor(targetMs / perRow / batch) * batch));
      // The first full slice still grows buffers and warms the JIT (wasm's was 3× slower): untimed.
      speed.warmupMs += (await pool.train(task(speed.rows, 2))).ms;
      for (let r = 0; r < w.repeats; r++) {
        speed.sliceMs.push((await pool.train(task(speed.rows, 3 + r))).ms);
        if (speed.sliceMs.reduce((a, b) => a + b, 0) > 3 * targetMs) break;
      }
    }
    speed.samplesPerSec = (speed.rows / median(speed.sliceMs)) * 1000;
  } catch (e) {
    speed.error = (e as Error).message.split('\n')[0];
  } finally {
    await pool.close();
  }
  return speed;
}

/** Every workload on every backend, one backend at a time (they would share the CPUs otherwise). */
export async function compareBackends(
  workloads: Workload[],
  backends: ConcreteBackend[],
  targetMs: number,
  log: (message: string) => void = () => undefined,
): Promise<BackendComparison[]> {
  const out: BackendComparison[] = [];
  for (const w of workloads) {
    const speeds: BackendSpeed[] = [];
    for (const backend of backends) {
      log(`backends ${w.name}: ${backend}`);
      speeds.push(await measureBackend(w, backend, targetMs));
    }
    out.push({ workload: w.name, title: w.title, speeds });
  }
  return out;
}

/** The bench section: wasm and webgpu samples/s for the MLP and the CNN, and webgpu's speed-up. */
export async function backendComparisonBench(ctx: BenchContext, name: Section['name']): Promise<Section> {
  const backends: ConcreteBackend[] = ['wasm', 'webgpu'];
  const data = await compareBackends(ctx.workloads, backends, ctx.args.quick ? 2_000 : 8_000, ctx.log);
  const rows: Section['rows'] = [];
  for (const c of data) {
    for (const s of c.speeds) {
      const on = s.adapter ? `${s.backend} (${s.adapter})` : s.backend;
      rows.push({
        label: `${c.title}, ${on}, 1 client × ${fmt(s.rows)} rows (median of ${s.sliceMs.length})`,
        value: s.samplesPerSec === null ? `failed: ${s.error}` : `${fmt(s.samplesPerSec, s.samplesPerSec < 10 ? 2 : 0)} samples/s`,
      });
    }
    const [wasm, webgpu] = c.speeds.map((s) => s.samplesPerSec);
    if (wasm && webgpu) rows.push({ label: `${c.title}, webgpu ÷ wasm`, value: `${fmt(webgpu / wasm, 3)}×` });
  }
  return { name, title: 'Backends side by side (one worker each)', rows, data };
}

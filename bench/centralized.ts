/**
 * Centralized training: one ModelRunner in this thread trains ONE client that holds every row, for one
 * epoch after a warm-up. This is the speed the federated rounds are compared against. As a diagnostic
 * it also trains the federation's 10 clients one after another in this thread (the per-client set-up
 * of a real round, without workers or messages).
 */
import { startBackend } from '../engine/train/backend.js';
import { ModelRunner } from '../engine/train/modelRunner.js';
import { initialWeights } from '../engine/model/initialWeights.js';
import { deriveSeed } from '../engine/random/rng.js';
import type { TableRef } from '../engine/run/messages.js';
import type { BenchBackend } from './args.js';
import { clientSeed, federatedPlan } from './federatedSetup.js';
import { cpuSnapshot, cpuUse, type CpuUse } from './cpuMeter.js';
import { median } from './roundTimer.js';
import { BENCH_SEED, parsedClient, type Workload } from './workloads.js';

export interface CentralizedResult {
  workload: string;
  title: string;
  backend: string;
  rows: number;
  warmupMs: number;
  /** Wall time of each timed epoch. */
  epochMs: number[];
  /** Rows ÷ the median timed epoch (the median resists a busy machine better than the mean). */
  samplesPerSec: number;
  /** All timed rows ÷ all timed epochs' time. */
  meanSamplesPerSec: number;
  /** Timed rows ÷ this process's CPU time over the timed epochs. */
  samplesPerCpuSec: number;
  /** Cores used over the timed epochs, by this process and by the rest of the machine. */
  cpu: CpuUse;
  /** The same rows as the federation's clients, trained one after another in this thread. */
  sequentialClients: { clients: number; ms: number; samplesPerSec: number };
}

const cache = new Map<string, Promise<CentralizedResult>>();

/** Measures (once per workload and backend; later calls reuse the figure). */
export function centralized(w: Workload, backend: BenchBackend): Promise<CentralizedResult> {
  const key = `${w.name}/${w.rows}/${backend}`;
  let p = cache.get(key);
  if (!p) {
    p = measure(w, backend);
    cache.set(key, p);
  }
  return p;
}

async function measure(w: Workload, backend: BenchBackend): Promise<CentralizedResult> {
  const running = await startBackend(backend);
  const plan = await federatedPlan(w);
  const fed = plan.federations[0];
  const dataset = plan.datasets.get(fed.datasetId)!;
  const partition = plan.partitions.get(fed.groups[0].splitId)!;
  const table: TableRef = { x: dataset.train.x, y: dataset.train.y, featureShape: dataset.featureShape, numClasses: dataset.numClasses };
  const n = dataset.train.y.length;
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const runner = new ModelRunner(fed.model);
  const global = initialWeights(fed.model, deriveSeed(BENCH_SEED, 'init', fed.modelNodeId));
  const client = parsedClient();

  // Warm-up: compile the kernels and grow the buffers on a slice of the rows.
  let t = performance.now();
  runner.train(global, table, { indices: all, offset: 0, length: Math.min(n, w.name === 'cnn' ? 128 : 1024) }, client, 1);
  const warmupMs = performance.now() - t;

  const epochMs: number[] = [];
  const before = cpuSnapshot();
  for (let r = 0; r < w.repeats; r++) {
    t = performance.now();
    runner.train(global, table, { indices: all, offset: 0, length: n }, client, deriveSeed(BENCH_SEED, 'central', r));
    epochMs.push(performance.now() - t);
  }
  const cpu = cpuUse(before, cpuSnapshot());
  const totalMs = epochMs.reduce((a, b) => a + b, 0);

  t = performance.now();
  const offsets = partition.trainOffsets;
  for (let c = 0; c < partition.numClients; c++) {
    const rows = { indices: partition.trainIndices, offset: offsets[c], length: offsets[c + 1] - offsets[c] };
    runner.train(global, table, rows, client, clientSeed(c, 2));
  }
  const seqMs = performance.now() - t;

  return {
    workload: w.name,
    title: w.title,
    backend: running,
    rows: n,
    warmupMs,
    epochMs,
    samplesPerSec: (n / median(epochMs)) * 1000,
    meanSamplesPerSec: ((n * w.repeats) / totalMs) * 1000,
    samplesPerCpuSec: cpu.ownMs > 0 ? ((n * w.repeats) / cpu.ownMs) * 1000 : 0,
    cpu,
    sequentialClients: { clients: partition.numClients, ms: seqMs, samplesPerSec: (n / seqMs) * 1000 },
  };
}

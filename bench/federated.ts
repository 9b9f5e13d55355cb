/** One federated measurement: the workload's 10-client FedAvg rounds through the real runner. */
import { runPipeline } from '../engine/run/run.js';
import type { BenchBackend } from './args.js';
import type { CohortSetting } from '../engine/format/pipeline.js';
import { federatedPipeline } from './federatedSetup.js';
import type { CpuUse } from './cpuMeter.js';
import { RoundTimer, type RoundTiming } from './roundTimer.js';
import { FEDERATED_CLIENTS, type Workload } from './workloads.js';

export interface FederatedResult {
  workload: string;
  workers: number;
  /** The cohort mode asked for, or null where this build has no such setting (the engine's default ran). */
  cohort: CohortSetting;
  clients: number;
  rounds: number;
  /** Rounds timed (2..N). */
  timedRounds: number;
  /** Examples per round ÷ the median timed round. */
  samplesPerSec: number;
  /** Examples per round ÷ the fastest timed round: the figure least moved by other load on the machine. */
  bestSamplesPerSec: number;
  meanSamplesPerSec: number;
  meanRoundMs: number;
  medianRoundMs: number;
  /** Round 1's wall time, worker start-up included. */
  firstRoundMs: number;
  /** Σ in-worker training time of the timed rounds ÷ (their wall time × workers): how busy the workers were. */
  workerBusy: number;
  /** Timed examples ÷ Σ in-worker training time: one worker's own training speed. */
  inWorkerSamplesPerSec: number;
  /** Timed examples ÷ the process's CPU time over the timed rounds (coordinator, workers, V8 helpers). */
  samplesPerCpuSec: number;
  /** Cores used over the timed rounds, by this process and by the rest of the machine. */
  cpu: CpuUse;
  perRound: RoundTiming[];
}

const cache = new Map<string, Promise<FederatedResult>>();

/** Runs (once per workload, backend, worker count and cohort mode; later calls reuse the figure). */
export function federated(w: Workload, backend: BenchBackend, workers: number, cohort: CohortSetting = 'auto'): Promise<FederatedResult> {
  const key = `${w.name}/${w.rows}/${backend}/${workers}/${cohort}`;
  let p = cache.get(key);
  if (!p) {
    p = measure(w, backend, workers, cohort);
    cache.set(key, p);
  }
  return p;
}

async function measure(w: Workload, backend: BenchBackend, workers: number, cohort: CohortSetting): Promise<FederatedResult> {
  const timer = new RoundTimer();
  const summary = await runPipeline(federatedPipeline(w, cohort), { baseDir: process.cwd(), backend, workers }, timer.listener);
  const s = timer.summary();
  return {
    workload: w.name,
    workers: summary.workers,
    cohort,
    clients: FEDERATED_CLIENTS,
    rounds: s.rounds.length,
    timedRounds: s.timed.length,
    samplesPerSec: s.samplesPerSec,
    bestSamplesPerSec: s.timed.length > 0 ? Math.max(...s.timed.map((r) => (r.wallMs > 0 ? (r.examples / r.wallMs) * 1000 : 0))) : 0,
    meanSamplesPerSec: s.meanSamplesPerSec,
    meanRoundMs: s.meanRoundMs,
    medianRoundMs: s.medianRoundMs,
    firstRoundMs: s.rounds[0]?.wallMs ?? 0,
    workerBusy: s.wallMs > 0 ? s.clientMs / (s.wallMs * summary.workers) : 0,
    inWorkerSamplesPerSec: s.clientMs > 0 ? (s.examples / s.clientMs) * 1000 : 0,
    samplesPerCpuSec: s.cpu.ownMs > 0 ? (s.examples / s.cpu.ownMs) * 1000 : 0,
    cpu: s.cpu,
    perRound: s.rounds,
  };
}

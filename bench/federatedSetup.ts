/**
 * The federated MNIST pipeline of a workload (10 IID clients, FedAvg, no evaluation), and its plan: the
 * very data set and partition a run of that pipeline trains on, so the centralized figures use the same rows.
 */
import { deriveSeed } from '../engine/random/rng.js';
import type { PipelineDocument } from '../engine/format/pipeline.js';
import { planRun, type RunPlan } from '../engine/run/plan.js';
import type { CohortSetting } from '../engine/format/pipeline.js';
import { benchPipeline, mnistParams } from './pipeline.js';
import { BENCH_SEED, CLIENT, FEDERATED_CLIENTS, type Workload } from './workloads.js';

export function federatedPipeline(w: Workload, cohort: CohortSetting = 'auto', share = 1): PipelineDocument {
  // A share of the round (bench/twoProcessCeiling.ts): that many of the clients, with their rows.
  const clients = Math.round(FEDERATED_CLIENTS * share);
  return benchPipeline({
    name: `bench ${w.name} ${clients} clients`,
    seed: BENCH_SEED,
    dataset: mnistParams(Math.round(w.rows * share)),
    split: { method: 'iid', numClients: clients },
    model: w.model,
    client: CLIENT,
    rounds: w.rounds,
    settings: { cohort },
  });
}

/** Loads and splits the workload's data exactly as a run of `federatedPipeline(w)` would. */
export async function federatedPlan(w: Workload): Promise<RunPlan> {
  return planRun(federatedPipeline(w), { baseDir: process.cwd() });
}

/** The seed a client's local training gets in a round, as the runner derives it. */
export function clientSeed(client: number, round: number): number {
  return deriveSeed(BENCH_SEED, 'client', 'split', client, round);
}

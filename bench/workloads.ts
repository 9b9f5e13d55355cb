/**
 * What the bench trains: the seed's MLP and the FedAvg CNN on MNIST, with the clients' local training
 * (SGD with momentum, lr 0.01, m 0.9, batch 32, one epoch), and how many rows each gets.
 */
import type { BenchBackend } from './args.js';
import { clientParams, modelParams, type ClientParams, type ModelParams } from '../engine/format/params.js';

export type WorkloadName = 'mlp' | 'cnn';

export interface Workload {
  name: WorkloadName;
  title: string;
  /** The model node's params, as a pipeline document would hold them. */
  model: Record<string, unknown>;
  /** MNIST training rows: all of them for the centralized client, split over the federation's clients. */
  rows: number;
  /** Rounds of the federated runs; round 1 (worker start-up) is not timed. */
  rounds: number;
  /** Repeats of the timed centralized epoch (the median counts). */
  repeats: number;
}

/** The client node's params every workload uses. */
export const CLIENT = { optimizer: 'momentum', learningRate: 0.01, momentum: 0.9, batchSize: 32, localEpochs: 1 } as const;

/** Clients in the federated rounds. */
export const FEDERATED_CLIENTS = 10;

/** The bench's seed: every data set, split, initial weights and shuffle derives from it. */
export const BENCH_SEED = 20240607;

/**
 * The workloads for a backend. The cpu backend (plain JavaScript kernels) trains the MLP ~50× slower than
 * wasm and needs minutes for a single CNN step, so it gets fewer MLP rows and no CNN.
 */
export function workloads(quick: boolean, backend: BenchBackend = 'wasm'): Workload[] {
  const slow = backend === 'cpu';
  const mlp: Workload = {
    name: 'mlp',
    title: 'MLP 784-128-64-10',
    model: { arch: 'mlp', hidden: [128, 64], activation: 'relu' },
    rows: slow ? (quick ? 500 : 2000) : quick ? 2000 : 8000,
    rounds: slow ? (quick ? 2 : 3) : quick ? 3 : 8,
    repeats: slow ? (quick ? 1 : 2) : quick ? 2 : 5,
  };
  if (slow) return [mlp];
  return [
    mlp,
    {
      name: 'cnn',
      title: 'CNN (FedAvg)',
      model: { arch: 'cnn' },
      rows: quick ? 256 : 1024,
      rounds: quick ? 2 : 4,
      repeats: quick ? 1 : 2,
    },
  ];
}

/** Why a workload is missing for a backend, for the table. */
export function skippedWorkloads(backend: BenchBackend): string[] {
  return backend === 'cpu' ? ['CNN skipped on the cpu backend (one 32-row step takes minutes)'] : [];
}

export function parsedModel(w: Workload): ModelParams {
  return modelParams.parse(w.model);
}

export function parsedClient(): ClientParams {
  return clientParams.parse(CLIENT);
}

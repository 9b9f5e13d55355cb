/** Where FedFlow's queue lives in Redis: the queue names and keys both sides agree on. */
import type { ConcreteBackend } from '../train/backend.js';

/** The training queue of one backend: a worker takes only jobs of its own backend, so the numbers match a local run on it. */
export function trainQueueName(backend: ConcreteBackend): string {
  return `fedflow-train-${backend}`;
}

/** The key of a published data table, by its content hash. */
export function dataKey(hash: string): string {
  return `fedflow:data:${hash}`;
}

/** The key a worker stores a job's result under until the coordinator takes it. */
export function resultKey(runId: string, seq: number): string {
  return `fedflow:result:${runId}:${seq}`;
}

/** The prefix of the workers' registry entries. */
export const WORKER_KEY_PREFIX = 'fedflow:worker:';

/** How long a result waits for its coordinator, and a published table for its next run (seconds). */
export const RESULT_TTL_S = 3600;
export const DATA_TTL_S = 24 * 3600;

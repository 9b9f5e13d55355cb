/**
 * The messages between a coordinator and its `fedflow worker` processes through Redis: a training job and
 * its result. Both sides import these types with `import type`; the worker checks every job against
 * validateJob.ts before it uses it, the coordinator every result. Vectors travel as base64 of their
 * little-endian float32 (or int32) bytes, so they round-trip bit for bit.
 */
import type { InjectedFault, LocalTraining } from '../run/messages.js';
import type { ModelSpec } from '../model/modelSpec.js';
import type { ConcreteBackend } from '../train/backend.js';

/** The version of these messages; a worker refuses a job of another. */
export const QUEUE_PROTOCOL_VERSION = 1;

/** One client's training in one round: the task of engine/run/messages.ts, its data by reference to a published table. */
export interface TrainJob {
  version: typeof QUEUE_PROTOCOL_VERSION;
  type: 'train';
  runId: string;
  /** The job's number within its run, echoed in the result so a result cannot answer another job. */
  seq: number;
  round: number;
  clientId: number;
  backend: ConcreteBackend;
  model: ModelSpec;
  /** sha256 of the published training table (publishedData.ts). */
  dataHash: string;
  /** The client's row indices into that table, base64 int32. */
  rows: string;
  /** The round's global weights, base64 float32. */
  globalWeights: string;
  client: LocalTraining;
  seed: number;
  lossBeforeFit?: boolean;
  /** SCAFFOLD's correction c − c_i, base64 float32. */
  correction?: string;
  /**
   * @internal A test's injected fault (RunOptions.faults), committed on the job's first attempt only and
   * only by a worker started with FEDFLOW_TEST_FAULTS=1; any other worker refuses such a job.
   */
  fault?: InjectedFault;
}

/** A finished training job as the worker stores it for the coordinator (under resultKey). */
export interface TrainJobResult {
  version: typeof QUEUE_PROTOCOL_VERSION;
  runId: string;
  seq: number;
  round: number;
  clientId: number;
  /** The client's new weights, base64 float32. */
  weights: string;
  numExamples: number;
  loss: number;
  steps: number;
  ms: number;
  lossBeforeFit?: number;
  /** The worker that trained it, for the log. */
  worker: string;
}

/** What a worker says about itself in the registry (workerRegistry.ts). */
export interface WorkerInfo {
  id: string;
  name: string;
  backend: ConcreteBackend;
  adapter?: string;
  concurrency: number;
  jobsDone: number;
  startedAt: string;
}

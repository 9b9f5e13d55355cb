/**
 * The protocol between the coordinator and its worker threads. Both sides import these types with
 * `import type`. Large arrays are SharedArrayBuffer-backed (data sets, partitions, a round's global
 * weights) so posting a task shares them instead of copying; a client's new weights come back in a
 * transferred buffer.
 */
import type { ClientParams } from '../format/params.js';
import type { ConcreteBackend } from '../train/backend.js';
import type { ModelSpec } from '../model/modelSpec.js';

/** A data table as workers see it. */
export interface TableRef {
  x: Float32Array;
  y: Int32Array;
  featureShape: number[];
  numClasses: number;
}

/** Row indices, by reference: rows `indices[offset .. offset+length)`. */
export interface RowsRef {
  indices: Int32Array;
  offset: number;
  length: number;
}

/** What a worker needs to train one simulated client: the round's config and the client's own behaviour. */
export type LocalTraining = Pick<
  ClientParams,
  'localEpochs' | 'batchSize' | 'optimizer' | 'learningRate' | 'momentum' | 'proximalMu' | 'behaviour' | 'attackScale' | 'noiseStd'
> & {
  /** Stop after this many optimizer steps (a deadline's partial work); absent takes every step. */
  maxSteps?: number;
};

/** A fault a test makes a worker commit, through the executor's test-only injection point (never a product setting). */
export type InjectedFault = 'throw' | 'exit' | 'hang';

export interface TrainTask {
  type: 'train';
  backend: ConcreteBackend;
  model: ModelSpec;
  table: TableRef;
  rows: RowsRef;
  globalWeights: Float32Array;
  client: LocalTraining;
  clientId: number;
  round: number;
  /** Seed for this client's shuffles and noise in this round. */
  seed: number;
  /** Score the global weights on the client's rows before training (q-FedAvg). */
  lossBeforeFit?: boolean;
  /** Added to every gradient (SCAFFOLD's c − c_i), flat in the model's weight order. */
  correction?: Float32Array;
  fault?: InjectedFault;
}

/** The shape of a `train-cohort` task; a worker refuses any other. */
export const COHORT_TASK_VERSION = 1;

/** One client of a cohort task: what a TrainTask carries for it, less what the cohort shares. */
export interface CohortTaskMember {
  clientId: number;
  rows: RowsRef;
  client: LocalTraining;
  /** Seed for this client's shuffles and noise in this round. */
  seed: number;
  /** Added to every gradient (SCAFFOLD's c − c_i), flat in the model's weight order. */
  correction?: Float32Array;
}

/**
 * Several clients of one round of a dense model, trained together by the cohort trainer in one worker
 * (engine/train/cohort/): each member's result is the one it gets as a TrainTask of its own.
 */
export interface TrainCohortTask {
  type: 'train-cohort';
  version: typeof COHORT_TASK_VERSION;
  backend: ConcreteBackend;
  model: ModelSpec;
  table: TableRef;
  globalWeights: Float32Array;
  round: number;
  members: CohortTaskMember[];
}

/** A cohort's results, one per member, in member order. */
export interface TrainCohortResult {
  results: TrainResult[];
}

export interface TrainResult {
  weights: Float32Array;
  numExamples: number;
  /** Mean minibatch loss over the client's local training. */
  loss: number;
  steps: number;
  ms: number;
  /** Mean loss of the global weights on the client's rows before training, when asked. */
  lossBeforeFit?: number;
}

export interface EvaluateTask {
  type: 'evaluate';
  backend: ConcreteBackend;
  model: ModelSpec;
  weights: Float32Array;
  table: TableRef;
  /** Rows to score; all rows of the table when absent. */
  rows?: RowsRef;
  /** Score several row groups separately (federated evaluation): one result per group. */
  groups?: RowsRef[];
}

export interface Scores {
  examples: number;
  loss: number;
  accuracy: number;
  /** confusion[true][predicted] counts; only for whole-table evaluation. */
  confusion?: number[][];
}

export interface EvaluateResult {
  overall?: Scores;
  groups?: Scores[];
  ms: number;
}

export interface SaveTask {
  type: 'save';
  backend: ConcreteBackend;
  model: ModelSpec;
  weights: Float32Array;
}

/** The pieces of a TensorFlow.js `model.json` + weights file. */
export interface SaveResult {
  modelTopology: unknown;
  weightSpecs: unknown[];
  weightData: ArrayBuffer;
}

/** Starts the backend in a worker before the run's first event, so a backend that cannot start stops the run at once. */
export interface ProbeTask {
  type: 'probe';
  backend: ConcreteBackend;
}

export interface ProbeResult {
  /** tfjs's name of the backend now running. */
  backend: string;
  /** The GPU adapter it runs on (webgpu), e.g. "SwiftShader driver 5.0.0, software". */
  adapter?: string;
}

/** DLG's reconstruction of the one example behind a client's update (engine/train/dlgInversion.ts). */
export interface InvertTask {
  type: 'invert';
  backend: ConcreteBackend;
  model: ModelSpec;
  globalWeights: Float32Array;
  /** The client's update as the server received it: its weights minus globalWeights. */
  update: Float32Array;
  /** The label the optimiser assumes (iDLG's inferred one). */
  label: number;
  iterations: number;
  learningRate: number;
  seed: number;
}

export interface InvertResult {
  input: Float32Array;
  /** The cosine distance between the dummy's gradient and the update, after the last iteration. */
  distance: number;
  ms: number;
}

export type WorkerTask = TrainTask | TrainCohortTask | EvaluateTask | SaveTask | ProbeTask | InvertTask;

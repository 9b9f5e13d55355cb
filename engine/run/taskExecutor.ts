/** What runs a run's tasks: the in-process worker pool (the default), or a queue of workers on other machines. */
import type { EvaluateResult, EvaluateTask, InvertResult, InvertTask, ProbeResult, ProbeTask, SaveResult, SaveTask, TrainResult, TrainTask } from './messages.js';

/** Trains clients and scores, saves and inverts models for the coordinator; WorkerPool and QueueExecutor implement it. */
export interface TaskExecutor {
  /** Trains one client; past `timeoutMs` of training it rejects with an error named AbortError. */
  train(task: TrainTask, signal?: AbortSignal, timeoutMs?: number): Promise<TrainResult>;
  /** Scores a model on rows of a table. */
  evaluate(task: EvaluateTask, signal?: AbortSignal): Promise<EvaluateResult>;
  /** Starts the backend and reports it (and its GPU adapter). */
  probe(task: ProbeTask, signal?: AbortSignal): Promise<ProbeResult>;
  /** DLG's reconstruction of a client's example from its update. */
  invert(task: InvertTask, signal?: AbortSignal): Promise<InvertResult>;
  /** The model in TensorFlow.js's saved form. */
  save(task: SaveTask): Promise<SaveResult>;
  /** Stops its workers (or connections). */
  close(): Promise<void>;
}

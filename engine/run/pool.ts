/** The worker-thread pool that trains clients. */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { CohortSetting } from '../format/pipeline.js';
import { CohortDispatch } from './cohortDispatch.js';
import type { EvaluateResult, EvaluateTask, InvertResult, InvertTask, ProbeResult, ProbeTask, SaveResult, SaveTask, TrainCohortResult, TrainCohortTask, TrainResult, TrainTask, WorkerTask } from './messages.js';
import type { TaskExecutor } from './taskExecutor.js';

/** The in-process executor: worker threads of this process, sharing the coordinator's buffers. */
export class WorkerPool implements TaskExecutor {
  private readonly piscina: Piscina;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly cohorts: CohortDispatch;

  /** `cohort` 'auto' (the default) batches a round's dense-model clients into cohort tasks; 'off' sends each alone. */
  constructor(
    readonly size: number,
    options: { cohort?: CohortSetting } = {},
  ) {
    this.cohorts = new CohortDispatch(size, options.cohort ?? 'auto', {
      alone: (task, signal, timeoutMs) => this.run<TrainResult>(task, signal, timeoutMs),
      cohort: (task: TrainCohortTask, signal, timeoutMs) => this.run<TrainCohortResult>(task, signal, timeoutMs),
    });
    this.piscina = new Piscina({
      filename: new URL('./worker.js', import.meta.url).href,
      minThreads: size,
      maxThreads: size,
      // One task per worker at a time: tfjs work is synchronous, so queueing more only delays cancellation.
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
    });
  }

  /**
   * Trains one client. The task reaches a worker at once (tasks wait here, not in piscina's queue), so
   * `timeoutMs` counts only the time it trains; past it the task rejects with piscina's AbortError.
   * Aborting a running task terminates its thread; piscina starts a new one, as for a thread that exits.
   * Clients of one round may train together in a cohort task (engine/run/cohortDispatch.ts), with the
   * same results.
   */
  train(task: TrainTask, signal?: AbortSignal, timeoutMs?: number): Promise<TrainResult> {
    return this.cohorts.train(task, signal, timeoutMs);
  }

  evaluate(task: EvaluateTask, signal?: AbortSignal): Promise<EvaluateResult> {
    return this.run(task, signal);
  }

  /** Starts the backend in one worker and reports it (and its GPU adapter). */
  probe(task: ProbeTask, signal?: AbortSignal): Promise<ProbeResult> {
    return this.run(task, signal);
  }

  /** DLG's reconstruction of a client's example from its update (the gradient-leakage attack). */
  invert(task: InvertTask, signal?: AbortSignal): Promise<InvertResult> {
    return this.run(task, signal);
  }

  save(task: SaveTask): Promise<SaveResult> {
    return this.run(task);
  }

  /** Runs a task when a worker is free; a time limit starts then. */
  private async run<T>(task: WorkerTask, signal?: AbortSignal, timeoutMs?: number): Promise<T> {
    await this.acquire(signal);
    try {
      const limit = timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined;
      const s = limit && signal ? AbortSignal.any([signal, limit]) : (limit ?? signal);
      return (await this.piscina.run(task, s ? { signal: s } : {})) as T;
    } finally {
      this.release();
    }
  }

  /** How many cohort tasks this pool has sent its workers. */
  get cohortTasks(): number {
    return this.cohorts.cohortTasks;
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (this.running < this.size) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const i = this.waiting.indexOf(go);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal!.reason);
      };
      const go = () => {
        signal?.removeEventListener('abort', onAbort);
        this.running++;
        resolve();
      };
      if (signal?.aborted) return reject(signal.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(go);
    });
  }

  private release(): void {
    this.running--;
    this.waiting.shift()?.();
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}

/** The default worker count: one per core. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

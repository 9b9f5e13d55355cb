/** The worker-thread pool that trains clients. */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { EvaluateResult, EvaluateTask, ProbeResult, ProbeTask, SaveResult, SaveTask, TrainResult, TrainTask } from './messages.js';

export class WorkerPool {
  private readonly piscina: Piscina;

  constructor(readonly size: number) {
    this.piscina = new Piscina({
      filename: new URL('./worker.js', import.meta.url).href,
      minThreads: size,
      maxThreads: size,
      // One task per worker at a time: tfjs work is synchronous, so queueing more only delays cancellation.
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
    });
  }

  train(task: TrainTask, signal?: AbortSignal): Promise<TrainResult> {
    return this.piscina.run(task, signal ? { signal } : {});
  }

  evaluate(task: EvaluateTask, signal?: AbortSignal): Promise<EvaluateResult> {
    return this.piscina.run(task, signal ? { signal } : {});
  }

  /** Starts the backend in one worker and reports it (and its GPU adapter). */
  probe(task: ProbeTask, signal?: AbortSignal): Promise<ProbeResult> {
    return this.piscina.run(task, signal ? { signal } : {});
  }

  save(task: SaveTask): Promise<SaveResult> {
    return this.piscina.run(task);
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}

/** The default worker count: one per core. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

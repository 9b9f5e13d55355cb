/** `fedflow worker --redis URL`: trains clients for runs on other machines until interrupted. */
import type { ConcreteBackend } from '../train/backend.js';
import { BackendError } from '../train/backend.js';
import { QueueError } from '../queue/queueError.js';
import { startQueueWorker } from '../queue/queueWorker.js';
import { UsageError, type CliOptions } from './cliArgs.js';

const WORKER_BACKENDS: readonly ConcreteBackend[] = ['wasm', 'cpu', 'webgpu', 'node', 'node-gpu'];

/** Runs a worker until SIGINT or SIGTERM; returns the exit code. */
export async function workerCommand(opts: CliOptions, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const url = opts.redis ?? (process.env.FEDFLOW_REDIS || undefined);
  if (!url) throw new UsageError('fedflow worker needs --redis URL, e.g. --redis redis://host:6379.', 'worker');
  const backend = opts.backend ?? 'wasm';
  if (!(WORKER_BACKENDS as readonly string[]).includes(backend)) {
    throw new UsageError(`A worker needs a backend it runs, one of ${WORKER_BACKENDS.join(', ')} (got '${backend}').`, 'worker');
  }
  let worker;
  try {
    worker = await startQueueWorker({
      url,
      backend: backend as ConcreteBackend,
      concurrency: opts.concurrency ?? 1,
      ...(opts.name !== undefined ? { name: opts.name } : {}),
      ...(opts.lockMs !== undefined ? { lockMs: opts.lockMs } : {}),
      log: out,
    });
  } catch (e) {
    if (e instanceof QueueError) {
      err(`fedflow: ${e.message}`);
      return 2;
    }
    if (e instanceof BackendError || /^BackendError\b/.test(String((e as Error).stack))) {
      err(`fedflow: ${(e as Error).message}`);
      return 1;
    }
    throw e;
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  out(`Stopping ${worker.info.name} after its running jobs (${worker.info.jobsDone} done)…`);
  await worker.close();
  // Ctrl+C is how a worker is meant to stop: a clean end.
  return 0;
}

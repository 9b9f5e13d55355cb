/**
 * Loading a data set on a thread of its own. Parsing a large CSV or inflating an IDX file takes seconds;
 * on the event loop of the studio that freezes every connection and every run's events, so the loaders
 * run in a worker thread and only the (shared, uncopied) arrays come back.
 */
import { Worker } from 'node:worker_threads';
import type { DatasetParams } from '../format/params.js';
import type { Dataset } from './dataset.js';
import { DatasetError } from './datasetError.js';
import type { LoadContext } from './loadDataset.js';
import { workerExecArgv } from '../threads/workerExecArgv.js';

/** What the loading thread posts back: the data set, or the error as plain data (classes do not cross threads). */
export type LoadReply =
  | { ok: true; dataset: Dataset }
  | { ok: false; datasetError: { detail: string; field: string; file?: string; line?: number } }
  | { ok: false; message: string };

/** Loads the data set a dataset node describes, as loadDataset does, without blocking this thread's event loop. */
export function loadDatasetOffThread(params: DatasetParams, ctx: LoadContext): Promise<Dataset> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./loadDatasetWorker.js', import.meta.url), {
      workerData: { params, ctx },
      execArgv: workerExecArgv(),
    });
    let settled = false;
    const settle = (f: () => void) => {
      if (!settled) {
        settled = true;
        f();
      }
    };
    worker.once('message', (r: LoadReply) =>
      settle(() => {
        if (r.ok) resolve(r.dataset);
        else if ('datasetError' in r) reject(new DatasetError(r.datasetError.detail, r.datasetError));
        else reject(new Error(r.message));
      }),
    );
    worker.once('error', (e: Error & { code?: string }) =>
      settle(() =>
        reject(
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new DatasetError('needs more memory than this machine gives a loading thread; use a smaller file', { field: 'path' })
            : e,
        ),
      ),
    );
    worker.once('exit', (code) => settle(() => reject(new Error(`the data set's loading thread stopped (exit code ${code})`))));
  });
}

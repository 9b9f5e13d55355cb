/**
 * The worker thread of loadDatasetOffThread.ts: loads one data set and posts it back. Its arrays are in
 * shared memory, so posting them shares them instead of copying; the text it parsed dies with the thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { DatasetParams } from '../format/params.js';
import { DatasetError } from './datasetError.js';
import { loadDataset, type LoadContext } from './loadDataset.js';
import type { LoadReply } from './loadDatasetOffThread.js';

const { params, ctx } = workerData as { params: DatasetParams; ctx: LoadContext };
let reply: LoadReply;
try {
  reply = { ok: true, dataset: await loadDataset(params, ctx) };
} catch (e) {
  reply =
    e instanceof DatasetError
      ? { ok: false, datasetError: { detail: e.detail, field: e.field, ...(e.file !== undefined ? { file: e.file } : {}), ...(e.line !== undefined ? { line: e.line } : {}) } }
      : { ok: false, message: e instanceof Error ? e.message : String(e) };
}
parentPort!.postMessage(reply);

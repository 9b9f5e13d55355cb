/**
 * What the status bar says about the Redis queue a studio trains on (`fedflow studio --redis`): how many
 * `fedflow worker` processes are registered, and each one's name, backend and jobs done on hover. Pure, so
 * it is tested without a page.
 */
import type { QueueStatus, QueueWorker } from '../../../engine/host/hostApi.js';

/** How often the status bar asks the host for the workers (ms): a worker's entry lives 10 s unrefreshed. */
export const QUEUE_POLL_MS = 3000;

/** The status bar's item: its text, its tooltip, and whether all is well. */
export interface QueueStatusItem {
  text: string;
  title: string;
  state: 'ok' | 'none' | 'error';
}

/** One worker as the tooltip lists it: `gpu-box · webgpu (NVIDIA H200) · 2 at once · 41 jobs done`. */
export function workerLine(w: QueueWorker): string {
  const adapter = w.adapter ? ` (${w.adapter})` : '';
  return `${w.name} · ${w.backend}${adapter} · ${w.concurrency} at once · ${w.jobsDone} job${w.jobsDone === 1 ? '' : 's'} done`;
}

/** The item for a queue status; null where the host trains on its own threads (no queue to show). */
export function queueStatusItem(status: QueueStatus | null): QueueStatusItem | null {
  if (!status?.url) return null;
  if (status.error) return { text: 'Redis unreachable', title: status.error, state: 'error' };
  const n = status.workers.length;
  if (n === 0) {
    return {
      text: 'no queue workers',
      title: `No fedflow worker is registered on ${status.url}: a run waits for one, then fails. Start one with \`fedflow worker --redis ${status.url}\`.`,
      state: 'none',
    };
  }
  return {
    text: `${n} queue worker${n === 1 ? '' : 's'}`,
    title: [`Clients train on fedflow workers through ${status.url}:`, ...status.workers.map(workerLine)].join('\n'),
    state: 'ok',
  };
}

/** The per-round metrics of a run as CSV, one row per federation and round. */
import type { RunSummary } from './events.js';

export const METRICS_COLUMNS = [
  'aggregator',
  'strategy',
  'round',
  'participants',
  'dropped',
  'train_loss',
  'test_loss',
  'test_accuracy',
  'federated_loss',
  'federated_accuracy',
  'federated_accuracy_std',
  'bytes_up',
  'bytes_down',
  'ms',
  // Added after the first release: last, so scripts reading the columns by position keep working.
  'failed',
  // ε at δ after the round where the aggregator has differential privacy; empty otherwise.
  'epsilon',
] as const;

const cell = (v: number | string | null | undefined): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toPrecision(6);
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
};

/** Renders a summary's round history as CSV text. */
export function metricsCsv(summary: RunSummary): string {
  const lines = [METRICS_COLUMNS.join(',')];
  for (const f of summary.federations) {
    for (const r of f.history) {
      lines.push(
        [
          f.aggregatorId,
          f.strategy,
          r.round,
          r.participants,
          r.dropped,
          r.trainLoss,
          r.test?.loss,
          r.test?.accuracy,
          r.federated?.loss,
          r.federated?.accuracy,
          r.federated?.accuracyStd,
          r.bytesUp,
          r.bytesDown,
          Math.round(r.ms),
          r.failures?.length ?? 0,
          r.epsilon,
        ]
          .map(cell)
          .join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

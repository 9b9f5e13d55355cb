/**
 * What the workbench exports of a run without asking the host: the run summary (JSON) and the metrics
 * (CSV, the engine's `metrics.csv` format), rebuilt from the run state. Pure and DOM-free.
 */
import { trafficTotals } from '../../../engine/export/traffic.js';
import type { RunSummary } from '../../../engine/run/events.js';
import type { RunState } from './runState.js';

/** The run as a RunSummary, from the rounds the workbench has seen; null before any federation started. */
export function summaryFromRunState(state: RunState): RunSummary | null {
  if (state.federationOrder.length === 0) return null;
  const federations = state.federationOrder
    .map((id) => state.federations[id])
    .filter((f) => !!f)
    .map((f) => {
      const history = [...f.records].sort((a, b) => a.round - b.round);
      const last = history.at(-1);
      const lastTest = [...history].reverse().find((r) => r.test);
      return {
        aggregatorId: f.aggregatorId,
        label: f.label,
        strategy: f.strategy as RunSummary['federations'][number]['strategy'],
        rounds: f.rounds,
        history,
        final: { accuracy: lastTest?.test?.accuracy ?? null, loss: lastTest?.test?.loss ?? null, trainLoss: last?.trainLoss ?? null },
        traffic: trafficTotals(history),
      };
    });
  return {
    runId: state.runId ?? 'run',
    pipeline: state.doc?.name ?? 'pipeline',
    seed: state.doc?.seed ?? 0,
    backend: state.backend ?? 'unknown',
    workers: state.workers ?? 0,
    wallMs: state.wallMs ?? 0,
    federations,
  };
}

/** A file name stem from a pipeline name: letters, digits, dashes. */
export function exportStem(name: string | null | undefined): string {
  const stem = (name ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return stem || 'pipeline';
}

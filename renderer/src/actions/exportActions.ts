/** Exporting a run: the HTML report (through the host), metrics as CSV and JSON, and a chart as SVG (downloads). */
import { metricsCsv } from '../../../engine/run/metricsCsv.js';
import { chartToSvg } from '../charts/svgExport.js';
import type { Services } from '../services.js';
import { exportStem, summaryFromRunState } from '../store/runExport.js';
import { documentText } from '../store/serialize.js';
import { showToast } from '../ui/uiStore.js';
import { downloadText } from './download.js';
import { guard } from './guard.js';

/** The charts of the Metrics panel that can be exported, by test id. */
export const EXPORTABLE_CHARTS = [
  { id: 'accuracy', testId: 'metrics-chart-accuracy', title: 'Test accuracy' },
  { id: 'loss', testId: 'metrics-chart-loss', title: 'Loss' },
  { id: 'clients', testId: 'metrics-chart-clients', title: 'Local loss per client' },
  { id: 'bytes', testId: 'metrics-chart-bytes', title: 'Bytes per round (up solid, down dashed)' },
  { id: 'epsilon', testId: 'metrics-chart-epsilon', title: 'Privacy spent (ε per round)' },
  { id: 'partition', testId: 'metrics-chart-partition', title: 'Partition (labels per client)' },
] as const;

/** The notebook-style HTML report of the finished run: saved by the host where it can ask, else downloaded. */
export async function exportReport(s: Services): Promise<void> {
  const run = s.runs.getState();
  if (run.status !== 'finished' || !run.runId || !run.doc) {
    showToast(s.ui, 'warning', 'Run the pipeline to the end first; the report is made from a finished run.');
    return;
  }
  const doc = run.doc;
  const tab = s.documents.getState().tabs.find((t) => t.key === run.tabKey);
  const runId = run.runId;
  const result = await guard(s, 'Exporting the report', () => s.host.exportReport(documentText(doc), tab?.path ?? null, runId));
  if (!result) return;
  if (result.path) {
    s.runs.getState().note('info', `Saved the report to ${result.path}.`);
    showToast(s.ui, 'info', `Saved the report to ${result.path}.`);
    return;
  }
  downloadText(`${exportStem(doc.name)}-report.html`, result.text, 'text/html');
  showToast(s.ui, 'info', 'Downloaded the HTML report.');
}

function summaryOrWarn(s: Services) {
  const state = s.runs.getState();
  const summary = summaryFromRunState(state);
  if (!summary) showToast(s.ui, 'warning', 'There are no metrics yet: run the pipeline first.');
  return summary;
}

/** Downloads the run's metrics as CSV (the format of `metrics.csv`). */
export function exportMetricsCsv(s: Services): void {
  const summary = summaryOrWarn(s);
  if (summary) downloadText(`${exportStem(summary.pipeline)}-metrics.csv`, metricsCsv(summary), 'text/csv');
}

/** Downloads the run summary, every round of every federation, as JSON. */
export function exportMetricsJson(s: Services): void {
  const summary = summaryOrWarn(s);
  if (summary) downloadText(`${exportStem(summary.pipeline)}-summary.json`, `${JSON.stringify(summary, null, 2)}\n`, 'application/json');
}

/** Downloads one chart of the Metrics panel as a standalone SVG. */
export function exportChartSvg(s: Services, chartId: (typeof EXPORTABLE_CHARTS)[number]['id'] = 'accuracy'): void {
  const chart = EXPORTABLE_CHARTS.find((c) => c.id === chartId)!;
  const el = document.querySelector(`[data-testid="${chart.testId}"]`);
  const svg = el ? chartToSvg(el) : null;
  if (!svg) {
    s.view.getState().showBottom('metrics');
    showToast(s.ui, 'warning', `The ${chart.title.toLowerCase()} chart has nothing to export yet; open Metrics after a run.`);
    return;
  }
  const name = exportStem(s.runs.getState().doc?.name);
  downloadText(`${name}-${chart.id}.svg`, svg, 'image/svg+xml');
}

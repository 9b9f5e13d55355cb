/** Runs' rounds as one CSV: `metrics.csv`'s columns, each row led by the run it belongs to. */
import { metricsCsv } from '../run/metricsCsv.js';
import type { RunSummary } from '../run/events.js';
import type { RunDetails } from './runStore.js';

const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The rounds of every run given, in order; a killed run contributes the rounds it completed. */
export function runsCsv(runs: readonly RunDetails[]): string {
  const header = `run_id,pipeline,status,seed,${metricsCsv({ federations: [] } as unknown as RunSummary).trimEnd()}`;
  const rows: string[] = [];
  for (const run of runs) {
    const summary = {
      federations: run.federations.map((f) => ({ aggregatorId: f.aggregatorId, strategy: f.strategy, history: run.history[f.aggregatorId] ?? [] })),
    } as unknown as RunSummary;
    const [, ...lines] = metricsCsv(summary).trimEnd().split('\n');
    const lead = [run.id, run.name, run.status, String(run.seed)].map(quote).join(',');
    for (const line of lines) rows.push(`${lead},${line}`);
  }
  return `${[header, ...rows].join('\n')}\n`;
}

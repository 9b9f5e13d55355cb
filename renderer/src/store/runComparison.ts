/**
 * What the comparison shows, from the host's StoredRunComparison: one line per run and federation on
 * shared axes (rounds, or the simulated clock where every run has one), the final figures as table rows,
 * and the settings that differ as "node · param path" with a value per run. Pure, so it is tested without a page.
 */
import type { StoredRunComparison } from '../../../engine/host/hostApi.js';
import type { RoundRecord } from '../../../engine/run/events.js';
import { clockByRound } from './simulatedTime.js';

/** A compared line: a run's federation, its points on the axis. */
export interface ComparedSeries {
  id: string;
  label: string;
  /** Which run (its place in the comparison), so one run keeps one colour. */
  run: number;
  points: { x: number; y: number }[];
}

/** The axes a comparison offers. */
export type ComparisonAxis = 'rounds' | 'time';

/** A short name for a run in legends: its name and the last part of its id, which tells runs of one pipeline apart. */
export function runLabel(run: { id: string; name: string }): string {
  return `${run.name} · ${run.id.slice(-6)}`;
}

/** Whether every compared round carries the simulated clock (then time is a shared axis). */
export function comparisonHasClock(c: StoredRunComparison): boolean {
  const records = c.histories.flatMap((h) => Object.values(h).flat());
  return records.length > 0 && records.every((r) => typeof r.clock === 'number');
}

/** One metric of every run and federation as lines on the axis. */
export function comparedSeries(c: StoredRunComparison, metric: 'accuracy' | 'loss', axis: ComparisonAxis = 'rounds'): ComparedSeries[] {
  const out: ComparedSeries[] = [];
  c.runs.forEach((run, i) => {
    const history = c.histories[i] ?? {};
    const several = Object.keys(history).length > 1;
    for (const [aggregatorId, records] of Object.entries(history)) {
      const clock = axis === 'time' ? clockByRound(records) : undefined;
      const label = run.federations.find((f) => f.aggregatorId === aggregatorId)?.label ?? aggregatorId;
      const points: { x: number; y: number }[] = [];
      for (const r of records) {
        const y = valueOf(r, metric);
        const x = clock ? clock.get(r.round) : r.round;
        if (y !== null && x !== undefined) points.push({ x, y });
      }
      out.push({ id: `${run.id}-${aggregatorId}-${metric}`, label: several ? `${runLabel(run)} · ${label}` : runLabel(run), run: i, points });
    }
  });
  return out;
}

function valueOf(r: RoundRecord, metric: 'accuracy' | 'loss'): number | null {
  if (metric === 'accuracy') return r.test?.accuracy ?? null;
  return r.test?.loss ?? r.trainLoss;
}

/** A value as the table shows it: JSON for structures, text as it is, a dash where a document lacks it. */
export function shownValue(v: unknown): string {
  // A setting one run does not have is undefined in the engine, and null once JSON carried it here.
  if (v === undefined || v === null) return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/**
 * The differing settings as rows: where (node · path, or the document's own field), a key naming it
 * (`node:path`, or the path alone) and each run's value.
 */
export function differenceRows(c: StoredRunComparison): { key: string; where: string; values: string[] }[] {
  return c.differences.map((d) => ({
    key: d.nodeId ? `${d.nodeId}:${d.path}` : d.path,
    where: d.nodeId ? `${d.nodeId} · ${d.path}` : d.path,
    values: d.values.map(shownValue),
  }));
}

/**
 * A sweep's results table: for each grid point and federation, the final test accuracy of every seed's
 * run, their mean and their spread (the sample standard deviation, n − 1; 0 with one seed). Written as
 * `sweep.json` (format `fedflow/sweep@1`) and `sweep.csv`.
 */
import { pointLabel } from './sweepGrid.js';
import type { SweepSetting } from './sweepSettings.js';

/** The format tag of sweep.json. */
export const SWEEP_FORMAT = 'fedflow/sweep@1';

/** One run of the sweep as it ended. */
export interface SweepRun {
  id: string;
  pointIndex: number;
  seed: number;
  status: 'finished' | 'failed' | 'cancelled';
  /** Final test accuracy by aggregator id (null where none was scored). */
  accuracy: Record<string, number | null>;
  labels: Record<string, string>;
  message?: string;
}

/** A federation's figures at one grid point. */
export interface SweepCell {
  aggregatorId: string;
  label: string;
  /** One per finished run, in seed order. */
  accuracies: (number | null)[];
  mean: number | null;
  std: number | null;
}

/** One row: a grid point. */
export interface SweepRow {
  point: Record<string, unknown>;
  runs: string[];
  seeds: number[];
  failed: number;
  federations: SweepCell[];
}

/** sweep.json. */
export interface SweepTable {
  format: typeof SWEEP_FORMAT;
  id: string;
  pipeline: string;
  file?: string;
  settings: { target: string; nodeId: string; param: string; values: unknown[] }[];
  seeds: number[];
  rows: SweepRow[];
}

/** Mean and sample standard deviation of the numbers among `xs` (nulls left out). */
export function meanAndSpread(xs: readonly (number | null)[]): { mean: number | null; std: number | null } {
  const ys = xs.filter((x): x is number => x !== null);
  if (ys.length === 0) return { mean: null, std: null };
  const mean = ys.reduce((s, y) => s + y, 0) / ys.length;
  const std = ys.length < 2 ? 0 : Math.sqrt(ys.reduce((s, y) => s + (y - mean) ** 2, 0) / (ys.length - 1));
  return { mean, std };
}

/** Builds the table from the runs (in any order). */
export function sweepTable(
  head: { id: string; pipeline: string; file?: string; seeds: number[] },
  settings: readonly SweepSetting[],
  points: readonly Record<string, unknown>[],
  runs: readonly SweepRun[],
): SweepTable {
  const rows = points.map((point, index): SweepRow => {
    const mine = runs.filter((r) => r.pointIndex === index).sort((a, b) => a.seed - b.seed);
    const done = mine.filter((r) => r.status === 'finished');
    const ids = [...new Set(done.flatMap((r) => Object.keys(r.accuracy)))];
    return {
      point,
      runs: mine.map((r) => r.id),
      seeds: mine.map((r) => r.seed),
      failed: mine.length - done.length,
      federations: ids.map((aggregatorId) => {
        const accuracies = done.map((r) => r.accuracy[aggregatorId] ?? null);
        return { aggregatorId, label: done.find((r) => r.labels[aggregatorId])?.labels[aggregatorId] ?? aggregatorId, accuracies, ...meanAndSpread(accuracies) };
      }),
    };
  });
  return {
    format: SWEEP_FORMAT,
    ...head,
    settings: settings.map(({ target, nodeId, param, values }) => ({ target, nodeId, param, values })),
    rows,
  };
}

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** sweep.csv: one line per grid point and federation; `accuracies` lists the seeds' values, `;`-separated. */
export function sweepCsv(table: SweepTable): string {
  const head = [...table.settings.map((s) => s.target), 'aggregator', 'runs', 'failed', 'accuracy_mean', 'accuracy_std', 'accuracies'];
  const lines = [head.map(csvCell).join(',')];
  for (const row of table.rows) {
    const cells = row.federations.length > 0 ? row.federations : [undefined];
    for (const f of cells) {
      lines.push(
        [
          ...table.settings.map((s) => row.point[s.target]),
          f?.aggregatorId,
          row.runs.length,
          row.failed,
          f?.mean,
          f?.std,
          f?.accuracies.map((a) => (a === null ? '' : String(a))).join(';'),
        ]
          .map(csvCell)
          .join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);

/** The table for people: the point, then each federation's `mean ± spread` in percent, and the seeds run. */
export function sweepTableLines(table: SweepTable): string[] {
  const feds = [...new Set(table.rows.flatMap((r) => r.federations.map((f) => f.aggregatorId)))];
  const rows = [
    ['POINT', ...feds.map((a) => `${a} ACCURACY`), 'RUNS'],
    ...table.rows.map((r) => [
      pointLabel(r.point),
      ...feds.map((a) => {
        const f = r.federations.find((x) => x.aggregatorId === a);
        if (!f || f.mean === null) return '—';
        return r.seeds.length > 1 ? `${pct(f.mean)} ± ${((f.std ?? 0) * 100).toFixed(2)}` : pct(f.mean);
      }),
      `${r.runs.length - r.failed}${r.failed > 0 ? ` (${r.failed} failed)` : ''}`,
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
}

/**
 * The Sweep panel's pure logic: its rows (node · param · values) as `fedflow sweep`'s `--set` strings, the
 * grid's size as a sentence, the params a node offers, and a finished sweep's table as chart series
 * (final accuracy against the first swept value, one line per combination of the other settings).
 */
import type { PipelineNode } from '../../../engine/format/pipeline.js';
import { splitValues } from '../../../engine/sweep/sweepSettings.js';
import type { SweepTable } from '../../../engine/sweep/sweepTable.js';
import { formSpecOf, visibleFields } from '../inspector/formSpec.js';

/** One row of the panel as typed. */
export interface SweepRowDraft {
  nodeId: string;
  param: string;
  /** `0.1, 1, 10` */
  values: string;
}

/** How many values a row's text holds (0 when it is blank). */
export function valueCount(values: string): number {
  return values.trim() === '' ? 0 : splitValues(values).length;
}

/** The rows that name a node, a param and at least one value, as `node.param=v1,v2` strings. */
export function settingStrings(rows: readonly SweepRowDraft[]): string[] {
  return rows.filter((r) => r.nodeId && r.param && valueCount(r.values) > 0).map((r) => `${r.nodeId}.${r.param}=${r.values.trim()}`);
}

/** The grid's size: `3 × 2 × 2 seeds = 12 runs` (0 runs while no row is complete). */
export function gridSize(rows: readonly SweepRowDraft[], seeds: number): { runs: number; text: string } {
  const counts = rows.filter((r) => r.nodeId && r.param && valueCount(r.values) > 0).map((r) => valueCount(r.values));
  if (counts.length === 0) return { runs: 0, text: 'Pick a node, a param and its values.' };
  const runs = counts.reduce((a, b) => a * b, 1) * seeds;
  return { runs, text: `${[...counts, `${seeds} seed${seeds === 1 ? '' : 's'}`].join(' × ')} = ${runs} run${runs === 1 ? '' : 's'}` };
}

/** The params a node's form shows (its variant's, with the variant's picker first), by name. */
export function sweepableParams(node: Pick<PipelineNode, 'kind' | 'params'>): string[] {
  const spec = formSpecOf(node.kind);
  const fields = visibleFields(spec, node.params).filter((f) => f.type !== 'unknown').map((f) => f.name);
  return spec.discriminator ? [spec.discriminator.name, ...fields] : fields;
}

/** One point of a sweep line: a value of the first setting, and the figures over seeds there. */
export interface SweepChartPoint {
  /** The index of the first setting's value (the categorical x). */
  x: number;
  mean: number;
  min: number;
  max: number;
  std: number;
  n: number;
}

/** One line of the sweep chart. */
export interface SweepChartSeries {
  id: string;
  /** The other settings' values (and the federation, when there are several), e.g. `aggregator.strategy=FedAvg`. */
  label: string;
  points: SweepChartPoint[];
}

const valueText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** The chart of a table: x the first setting's values (as written), one series per other settings and federation. */
export function sweepChartSeries(table: SweepTable): { xLabels: string[]; xTitle: string; series: SweepChartSeries[] } {
  const [first, ...others] = table.settings;
  if (!first) return { xLabels: [], xTitle: '', series: [] };
  const xLabels = first.values.map(valueText);
  const federations = new Set(table.rows.flatMap((r) => r.federations.map((f) => f.aggregatorId)));
  const byId = new Map<string, SweepChartSeries>();
  for (const row of table.rows) {
    const x = first.values.findIndex((v) => JSON.stringify(v) === JSON.stringify(row.point[first.target]));
    const rest = others.map((s) => `${s.target}=${valueText(row.point[s.target])}`);
    for (const f of row.federations) {
      const scores = f.accuracies.filter((a): a is number => a !== null);
      if (f.mean === null || scores.length === 0 || x < 0) continue;
      const parts = [...rest, ...(federations.size > 1 ? [f.label] : [])];
      const id = parts.join(', ') || 'all';
      let series = byId.get(id);
      if (!series) byId.set(id, (series = { id, label: parts.join(', ') || 'accuracy', points: [] }));
      series.points.push({ x, mean: f.mean, min: Math.min(...scores), max: Math.max(...scores), std: f.std ?? 0, n: scores.length });
    }
  }
  for (const s of byId.values()) s.points.sort((a, b) => a.x - b.x);
  return { xLabels, xTitle: first.target, series: [...byId.values()] };
}

/** The bench's output: a readable table on stdout and a JSON file per run (plus `latest.json`). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchName } from './args.js';
import type { Environment } from './environment.js';

/** A product goal and whether this run met it (null where it cannot be judged here). */
export interface Goal {
  name: string;
  value: number | null;
  /** e.g. `≤ 1.10`. */
  target: string;
  met: boolean | null;
  note?: string;
  /** Cores other processes used while this figure was measured, where that was enough to distort it. */
  busyOthers?: number;
}

/** Other processes using at least this many cores make a figure "taken on a busy machine". */
export const BUSY_CORES = 0.25;

/** Marks a goal as measured on a busy machine when others used BUSY_CORES or more. */
export function markBusy(g: Goal, ...others: (number | null)[]): Goal {
  const worst = Math.max(0, ...others.map((o) => o ?? 0));
  if (worst >= BUSY_CORES) g.busyOthers = worst;
  return g;
}

export interface Row {
  label: string;
  value: string;
  goal?: Goal;
}

/** One measurement's result: rows for the table and its full figures for the JSON file. */
export interface Section {
  name: BenchName;
  title: string;
  rows: Row[];
  data: unknown;
  /** Cores other processes used during this section's measurements, at most (null where unknown). */
  others?: number | null;
}

export interface BenchReport {
  format: 'fedflow/bench@1';
  environment: Environment;
  sections: Record<string, { title: string; data: unknown }>;
  goals: Goal[];
  /** The most cores other processes used during any measurement (null where unknown). */
  busiestOthers: number | null;
  /** Measurements that threw, with their message (the others still ran). */
  errors: { name: string; message: string }[];
}

/** Makes a goal from a figure and a comparison. */
export function goal(name: string, value: number | null, op: '<=' | '>=', target: number, note?: string): Goal {
  const met = value === null || !Number.isFinite(value) ? null : op === '<=' ? value <= target : value >= target;
  const shown = Number.isInteger(target) ? String(target) : target.toFixed(2);
  return { name, value, target: `${op === '<=' ? '≤' : '≥'} ${shown}`, met, ...(note ? { note } : {}) };
}

export function fmt(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function ratio(value: number): string {
  return `${fmt(value, 2)}×`;
}

function status(g: Goal): string {
  if (g.met === null) return g.note ? `n/a (${g.note})` : 'n/a';
  const busy = g.busyOthers !== undefined ? ` (busy: others ${g.busyOthers.toFixed(1)} cores)` : '';
  return `${g.met ? 'met' : 'not met'}${busy}`;
}

/** The table, one block per measurement. */
export function renderTable(sections: Section[], errors: { name: string; message: string }[], busiestOthers: number | null): string {
  const header = ['Measurement', 'Value', 'Goal', 'Status'];
  const body: string[][] = [];
  const blocks: number[] = [];
  for (const s of sections) {
    blocks.push(body.length);
    body.push([s.title, '', '', '']);
    for (const r of s.rows) body.push([`  ${r.label}`, r.value, r.goal?.target ?? '', r.goal ? status(r.goal) : '']);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('──');
  const out = [line(header), rule];
  body.forEach((r, i) => {
    if (i > 0 && blocks.includes(i)) out.push('');
    out.push(line(r));
  });
  if (busiestOthers !== null && busiestOthers >= BUSY_CORES) {
    out.push('', `Note: other processes used up to ${busiestOthers.toFixed(1)} cores during these measurements; treat the figures as rough.`);
  }
  for (const e of errors) out.push('', `${e.name}: FAILED — ${e.message}`);
  return out.join('\n');
}

/** Writes `bench-<timestamp>.json` and `latest.json`; returns the first path. */
export function writeReport(dir: string, report: BenchReport): string {
  mkdirSync(dir, { recursive: true });
  const stamp = report.environment.timestamp.replace(/[:.]/g, '-');
  const path = join(dir, `bench-${stamp}.json`);
  const text = `${JSON.stringify(report, null, 2)}\n`;
  writeFileSync(path, text);
  writeFileSync(join(dir, 'latest.json'), text);
  return path;
}

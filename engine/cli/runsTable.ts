/** How `fedflow runs` prints runs for people: aligned columns, percentages, short durations. */
import type { DocumentDifference } from '../records/documentDiff.js';
import type { FederationResult } from '../records/manifest.js';
import type { RunListing } from '../records/runStore.js';

/** 850 ms → "0.9 s", 200 s → "3 min 20 s", 4000 s → "1 h 7 min". */
export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/** An ISO time as local `YYYY-MM-DD HH:MM:SS`. */
export function formatWhen(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);

/** Each federation's figure, joined with ' / ' when a run has several. */
const each = (feds: readonly FederationResult[], f: (x: FederationResult) => string) => (feds.length === 0 ? '—' : feds.map(f).join(' / '));

/** A run's rounds: done/planned of its longest federation. */
export function roundsCell(feds: readonly FederationResult[]): string {
  if (feds.length === 0) return '—';
  const done = Math.max(...feds.map((f) => f.roundsDone));
  const planned = Math.max(...feds.map((f) => f.rounds));
  return `${done}/${planned}`;
}

/** Left-aligned columns, two spaces apart. */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd());
}

/** The lines of `fedflow runs list` (a header and one line per run; at least one run). */
export function runsListLines(runs: readonly RunListing[]): string[] {
  return alignColumns([
    ['ID', 'NAME', 'STARTED', 'STATUS', 'ROUNDS', 'ACCURACY', 'ε', 'DURATION'],
    ...runs.map((r) => [
      r.id,
      r.name,
      formatWhen(r.startedAt),
      r.status,
      roundsCell(r.federations),
      each(r.federations, (f) => percent(f.accuracy)),
      r.federations.some((f) => f.epsilon !== undefined) ? each(r.federations, (f) => (f.epsilon === undefined ? '—' : f.epsilon.toFixed(2))) : '—',
      formatDuration(r.durationMs),
    ]),
  ]);
}

/** A value in a difference line: JSON, short. */
const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));

/** `split params.alpha: 0.1 | 10`, one line per differing setting. */
export function differenceLines(differences: readonly DocumentDifference[]): string[] {
  if (differences.length === 0) return ['The runs\' documents are the same.'];
  return differences.map((d) => `${d.nodeId ? `${d.nodeId} ` : ''}${d.path}: ${d.values.map(show).join(' | ')}`);
}

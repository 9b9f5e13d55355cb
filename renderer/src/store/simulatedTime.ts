/**
 * Simulated time in the Metrics panel: a federation's values per round, placed on the simulated clock
 * instead of the round number (where its client groups simulate devices, each round's record carries the
 * clock at the round's end; metricsAxis.ts places the points). Pure, so it is tested without a page.
 */
import type { RoundRecord } from '../../../engine/run/events.js';
import type { FederationMetrics } from './runState.js';

/** Whether any federation's records carry the simulated clock (only then is there a time axis to offer). */
export function hasSimulatedClock(federations: readonly Pick<FederationMetrics, 'records'>[]): boolean {
  return federations.some((f) => f.records.some((r) => typeof r.clock === 'number' && Number.isFinite(r.clock)));
}

/** The simulated clock at the end of each round, by round, for the records that carry it. */
export function clockByRound(records: readonly Pick<RoundRecord, 'round' | 'clock'>[]): Map<number, number> {
  const clocks = new Map<number, number>();
  for (const r of records) if (typeof r.clock === 'number' && Number.isFinite(r.clock)) clocks.set(r.round, r.clock);
  return clocks;
}

/**
 * Simulated seconds for people: "0.35 s", "8.0 s", "42 s", "2.5 min", "1 h 20 min", "3.2 d". Sub-second
 * and short spans keep a decimal; minutes, hours and days go to the unit that reads best.
 */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return `${seconds} s`;
  const a = Math.abs(seconds);
  const sign = seconds < 0 ? '-' : '';
  if (a < 1) return `${sign}${a === 0 ? '0' : a.toPrecision(2)} s`;
  if (a < 10) return `${sign}${a.toFixed(1)} s`;
  if (a < 60) return `${sign}${Math.round(a)} s`;
  if (a < 600) return `${sign}${trim((a / 60).toFixed(1))} min`;
  if (a < 3600) return `${sign}${Math.round(a / 60)} min`;
  if (a < 86400) {
    const h = Math.floor(a / 3600);
    const min = Math.round((a - h * 3600) / 60);
    if (min === 60) return `${sign}${h + 1} h`;
    return min === 0 ? `${sign}${h} h` : `${sign}${h} h ${min} min`;
  }
  return `${sign}${trim((a / 86400).toFixed(1))} d`;
}

const trim = (s: string) => s.replace(/\.0$/, '');

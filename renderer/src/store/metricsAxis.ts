/**
 * What the Metrics panel's charts put on the x axis: the round, the simulated clock at the round's end, or
 * the bytes the federation had moved by then (its clients' uploads, or uploads and downloads), so accuracy
 * reads per round, per simulated second or per megabyte. Each federation's values are placed on its own
 * records' positions, on one axis shared by all. Pure, so it is tested without a page.
 */
import { assertNever } from '../../../engine/format/nodeKinds.js';
import { cumulativeBytesByRound } from '../../../engine/export/traffic.js';
import type { RoundRecord } from '../../../engine/run/events.js';
import type { FederationMetrics, RoundPoint } from './runState.js';
import { clockByRound, hasSimulatedClock } from './simulatedTime.js';

/** The x axes: round number, simulated seconds, cumulative uplink bytes, cumulative uplink + downlink bytes. */
export type MetricsAxis = 'rounds' | 'time' | 'uplink' | 'traffic';

/** A chart point: x is the round, the simulated seconds or the bytes so far at the round's end. */
export interface ChartPoint {
  x: number;
  y: number;
}

/**
 * The axes a run offers, in the toggle's order: rounds always; simulated time where a record carries the
 * clock; the byte axes once a round's record is in (every round counts its bytes).
 */
export function availableAxes(federations: readonly Pick<FederationMetrics, 'records'>[]): MetricsAxis[] {
  const traffic = federations.some((f) => f.records.length > 0);
  return ['rounds', ...(hasSimulatedClock(federations) ? (['time'] as const) : []), ...(traffic ? (['uplink', 'traffic'] as const) : [])];
}

/** Where each round of a federation lies on `axis`, by round: its clock, or its bytes so far (nothing on rounds, where x is the round). */
export function axisPositions(records: readonly RoundRecord[], axis: MetricsAxis): Map<number, number> {
  switch (axis) {
    case 'rounds':
      return new Map();
    case 'time':
      return clockByRound(records);
    case 'uplink':
      return cumulativeBytesByRound(records, 'up');
    case 'traffic':
      return cumulativeBytesByRound(records, 'total');
    default:
      return assertNever(axis, 'metrics axis');
  }
}

/**
 * A series' points on the chosen axis. On `rounds`, x is the round. On the others, x is the position of
 * the point's round (axisPositions); a point whose round has no position yet (a client's loss arrives
 * before its round's record) or none at all is left out, so no point is ever drawn at a made-up place.
 */
export function chartPoints(points: readonly RoundPoint[], axis: MetricsAxis, positions: ReadonlyMap<number, number>): ChartPoint[] {
  if (axis === 'rounds') return points.map((p) => ({ x: p.round, y: p.value }));
  const out: ChartPoint[] = [];
  for (const p of points) {
    const x = positions.get(p.round);
    if (x !== undefined) out.push({ x, y: p.value });
  }
  return out;
}

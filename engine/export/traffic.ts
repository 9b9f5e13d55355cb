/**
 * A federation's traffic, from its round records: totals for the summary and the report, and the bytes
 * moved up to each round for charts that read accuracy against communication (accuracy per megabyte).
 * Pure, so the engine's summary, the report and the workbench's charts all count the same way.
 */
import type { RoundRecord, TrafficTotals } from '../run/events.js';

/** What a traffic axis counts: the clients' uploads only, or uploads and downloads together. */
export type TrafficDirection = 'up' | 'total';

/** The bytes of one round in `direction`. */
function roundBytes(r: Pick<RoundRecord, 'bytesUp' | 'bytesDown'>, direction: TrafficDirection): number {
  switch (direction) {
    case 'up':
      return r.bytesUp;
    case 'total':
      return r.bytesUp + r.bytesDown;
  }
}

/** The sums of the records' uplink and downlink bytes. */
export function trafficTotals(history: readonly Pick<RoundRecord, 'bytesUp' | 'bytesDown'>[]): TrafficTotals {
  let bytesUp = 0;
  let bytesDown = 0;
  for (const r of history) {
    bytesUp += r.bytesUp;
    bytesDown += r.bytesDown;
  }
  return { bytesUp, bytesDown };
}

/**
 * The bytes moved in `direction` up to and including each round, by round: a running sum over the records
 * in round order (a record that arrived again for its round counts once, as its last version).
 */
export function cumulativeBytesByRound(
  records: readonly Pick<RoundRecord, 'round' | 'bytesUp' | 'bytesDown'>[],
  direction: TrafficDirection,
): Map<number, number> {
  const byRound = new Map<number, number>();
  for (const r of records) byRound.set(r.round, roundBytes(r, direction));
  const out = new Map<number, number>();
  let sum = 0;
  for (const round of [...byRound.keys()].sort((a, b) => a - b)) {
    sum += byRound.get(round)!;
    out.set(round, sum);
  }
  return out;
}

/**
 * Availability traces, in the spirit of FedScale's device traces: when each client is online. The file is
 * a CSV with a header `client,from,until` and one row per online interval, in simulated seconds from the
 * start of the run; `client` is the split's client number. A client with no row is always online. With a
 * period (86400 for a day) the trace repeats. Every problem names the file's line.
 */

/** Online intervals by split client number. */
export interface AvailabilityTrace {
  readonly intervals: ReadonlyMap<number, readonly (readonly [number, number])[]>;
  /** Seconds after which the trace repeats; 0 plays it once. */
  readonly period: number;
}

/** A problem with a trace file, at a line. */
export class TraceError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'TraceError';
  }
}

/** The most rows a trace may hold: a trace of a million clients' days is not a teaching file. */
export const MAX_TRACE_ROWS = 1_000_000;

/** Parses a trace's text; throws a TraceError naming the line of the first problem. */
export function parseAvailability(text: string, period: number): AvailabilityTrace {
  const lines = text.split(/\r?\n/);
  const header = lines[0]?.trim().toLowerCase().replace(/\s+/g, '');
  if (header !== 'client,from,until') throw new TraceError(`the header must be "client,from,until", not "${lines[0] ?? ''}"`, 1);
  const intervals = new Map<number, [number, number][]>();
  let rows = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    if (++rows > MAX_TRACE_ROWS) throw new TraceError(`more than ${MAX_TRACE_ROWS.toLocaleString('en')} rows`, i + 1);
    const cells = line.split(',').map((c) => c.trim());
    if (cells.length !== 3) throw new TraceError(`expected 3 cells (client,from,until), found ${cells.length}`, i + 1);
    const [client, from, until] = cells.map(Number);
    if (!Number.isInteger(client) || client < 0) throw new TraceError(`client "${cells[0]}" is not a client number (0, 1, 2, …)`, i + 1);
    if (!Number.isFinite(from) || !Number.isFinite(until) || from < 0) throw new TraceError(`from and until must be seconds ≥ 0, got "${cells[1]}" and "${cells[2]}"`, i + 1);
    if (until <= from) throw new TraceError(`until (${until}) must come after from (${from})`, i + 1);
    if (period > 0 && until > period) throw new TraceError(`until (${until}) is past the trace's period of ${period} s`, i + 1);
    const list = intervals.get(client) ?? [];
    list.push([from, until]);
    intervals.set(client, list);
  }
  return { intervals, period };
}

/** Whether a split client is online at simulated time `t` (intervals include their start, not their end). */
export function isOnline(trace: AvailabilityTrace, splitClient: number, t: number): boolean {
  const list = trace.intervals.get(splitClient);
  if (!list) return true;
  const at = trace.period > 0 ? t % trace.period : t;
  return list.some(([from, until]) => at >= from && at < until);
}

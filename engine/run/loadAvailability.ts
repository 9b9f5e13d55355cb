/** Reads a client group's availability trace for a run: a regular file of bounded size, parsed with line numbers. */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAvailability, TraceError, type AvailabilityTrace } from '../sim/availability.js';

/** The largest trace file read: 64 MiB is far beyond any trace a simulation of this size needs. */
export const MAX_TRACE_BYTES = 64 * 2 ** 20;

/** Loads `path` (relative to `baseDir`); throws an Error whose message says what is wrong (and at which line). */
export function loadAvailability(path: string, baseDir: string, period: number): AvailabilityTrace {
  const file = resolve(baseDir, path);
  let size: number;
  try {
    const st = statSync(file);
    // A FIFO or a device would hang or never end; only regular files are traces.
    if (!st.isFile()) throw new Error(`${path} is not a regular file`);
    size = st.size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `no availability trace at ${path}` : (e as Error).message);
  }
  if (size > MAX_TRACE_BYTES) throw new Error(`${path} is ${(size / 2 ** 20).toFixed(0)} MiB; an availability trace may be at most ${MAX_TRACE_BYTES / 2 ** 20} MiB`);
  try {
    return parseAvailability(readFileSync(file, 'utf8'), period);
  } catch (e) {
    if (e instanceof TraceError) throw new Error(`${path}, line ${e.line}: ${e.message}`);
    throw e;
  }
}

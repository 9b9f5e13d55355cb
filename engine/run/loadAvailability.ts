/** Reads a client group's availability trace for a run: a regular file of bounded size, parsed with line numbers. */
import { resolve } from 'node:path';
import { readDataFile } from '../data/dataFile.js';
import { parseAvailability, TraceError, type AvailabilityTrace } from '../sim/availability.js';

/** The largest trace file read: 64 MiB is far beyond any trace a simulation of this size needs. */
export const MAX_TRACE_BYTES = 64 * 2 ** 20;

/** Loads `path` (relative to `baseDir`); throws an Error whose message says what is wrong (and at which line). */
export function loadAvailability(path: string, baseDir: string, period: number): AvailabilityTrace {
  const file = resolve(baseDir, path);
  let text: string;
  try {
    // Opened without blocking and checked on the open handle, so a FIFO or a device (which would hang or
    // never end) is refused, however the path changes between the check and the read.
    const limit = { bytes: MAX_TRACE_BYTES, what: 'an availability trace' };
    text = readDataFile(file, { field: 'availability', file: path }, 'availability trace', limit).toString('utf8');
  } catch (e) {
    const code = ((e as Error).cause as NodeJS.ErrnoException | undefined)?.code;
    throw new Error(code === 'ENOENT' ? `no availability trace at ${path}` : (e as Error).message);
  }
  try {
    return parseAvailability(text, period);
  } catch (e) {
    if (e instanceof TraceError) throw new Error(`${path}, line ${e.line}: ${e.message}`);
    throw e;
  }
}

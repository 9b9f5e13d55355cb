/**
 * A run's `events.jsonl`: every RunEvent, one JSON object a line, appended as it happens. Each line carries
 * the format tag, so a reader of a later version knows what it reads. Lines are written with one
 * synchronous write each, before any listener sees the event: once the CLI has printed "round 1", round 1 is
 * in the file, and a SIGKILL leaves every event before it whole (at worst the last line is torn, which the
 * reader skips).
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { RunEvent } from '../run/events.js';

/** The format tag on every line of an event log. */
export const RUN_EVENTS_FORMAT = 'fedflow/run-events@1';
/** The event log's file name in a run folder. */
export const EVENTS_FILE = 'events.jsonl';

/** One line of the log. */
export interface EventLine {
  format: typeof RUN_EVENTS_FORMAT;
  /** 0, 1, 2… in the order the run emitted them. */
  seq: number;
  /** When it was emitted, ms since the epoch. */
  at: number;
  event: RunEvent;
}

/** Appends events to a log file, truncating what an earlier run in the same folder left. */
export class EventLogWriter {
  private fd: number | null;
  private seq = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w', 0o644);
  }

  /** Appends one event (a no-op once closed). */
  append(event: RunEvent, at = Date.now()): void {
    if (this.fd === null) return;
    const line: EventLine = { format: RUN_EVENTS_FORMAT, seq: this.seq++, at, event };
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
  }

  /** Flushes the log to disk and closes it. */
  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

/** An event log read back: its whole lines, and how many lines could not be read. */
export interface EventLogRead {
  lines: EventLine[];
  /** Lines that were not JSON or not of this format (a torn last line after a kill counts here). */
  skipped: number;
  /** Whether the file ended in the middle of a line, as a write cut by a kill leaves it. */
  tornTail: boolean;
}

/** Reads an event log, tolerating a torn last line and foreign lines; a missing file reads as empty. */
export async function readEventLog(path: string): Promise<EventLogRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return { lines: [], skipped: 0, tornTail: false };
  }
  return parseEventLog(text);
}

/** Parses an event log's text (see readEventLog). */
export function parseEventLog(text: string): EventLogRead {
  const parts = text.split('\n');
  const tail = parts.pop() ?? '';
  const lines: EventLine[] = [];
  let skipped = 0;
  for (const part of tail === '' ? parts : [...parts, tail]) {
    if (part.trim() === '') continue;
    try {
      const line = JSON.parse(part) as Partial<EventLine>;
      if (line?.format === RUN_EVENTS_FORMAT && typeof line.event === 'object' && line.event !== null) lines.push(line as EventLine);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { lines, skipped, tornTail: tail !== '' && !isWholeLine(tail) };
}

function isWholeLine(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

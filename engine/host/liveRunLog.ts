/**
 * The events of the runs going in a host, kept from their start, so a page that reloads (or a second
 * window) can show a run live from its beginning instead of "Ready". Each event gets its seq, the page
 * skips what it already has, and a run's log is dropped the moment it ends: memory grows with live runs only.
 */
import type { PipelineDocument } from '../format/pipeline.js';
import type { RunEvent } from '../run/events.js';
import type { HostRunEvent, LiveRun } from './hostApi.js';

interface Kept {
  doc: PipelineDocument;
  path: string | null;
  events: HostRunEvent[];
  next: number;
  paused: boolean;
}

/** The live runs' event logs; see the file's comment. */
export class LiveRunLog {
  private readonly runs = new Map<string, Kept>();

  /** Starts keeping a run's events. */
  start(runId: string, doc: PipelineDocument, path: string | null, paused = false): void {
    this.runs.set(runId, { doc, path, events: [], next: 0, paused });
  }

  /**
   * Records that a run was paused or resumed. A run started paused, or stepped, waits without an event
   * saying so, so the host tells a page that attaches whether Resume is what it needs.
   */
  setPaused(runId: string, paused: boolean): void {
    const kept = this.runs.get(runId);
    if (kept) kept.paused = paused;
  }

  /** Keeps one event of a live run and returns it with its seq (an unknown run's event gets none). */
  add(runId: string, event: RunEvent): HostRunEvent {
    const kept = this.runs.get(runId);
    if (!kept) return { runId, event };
    const e: HostRunEvent = { runId, event, seq: kept.next++ };
    // A client starting changes nothing a page draws (the seqs still count it, so gaps are expected).
    if (event.type !== 'client-started') kept.events.push(e);
    if (event.type === 'paused' || event.type === 'resumed') kept.paused = event.type === 'paused';
    // An ended run is not live: a page that loads now shows Ready, and the run may be deleted.
    if (event.type === 'finished' || event.type === 'failed' || event.type === 'cancelled') this.runs.delete(runId);
    return e;
  }

  /** Stops keeping a run (it ended without an end event, e.g. it threw). */
  end(runId: string): void {
    this.runs.delete(runId);
  }

  /** Whether a run is live here. */
  has(runId: string): boolean {
    return this.runs.has(runId);
  }

  /** Every live run with its events so far, oldest first. */
  list(): LiveRun[] {
    return [...this.runs].map(([runId, k]) => ({ runId, doc: k.doc, path: k.path, paused: k.paused, events: [...k.events] }));
  }
}

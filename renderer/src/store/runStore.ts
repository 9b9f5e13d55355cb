/** The current run as a zustand vanilla store, fed with batches of host events. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import type { Problem } from '../../../engine/format/problems.js';
import type { HostRunEvent } from '../../../engine/host/hostApi.js';
import type { RunEvent } from '../../../engine/run/events.js';
import { applyRunEvents, beginRun, runRefused } from './runReducer.js';
import { idleRunState, type LogLine, type RunState } from './runState.js';

export interface RunStoreState extends RunState {
  /** Starts tracking a run about to be requested from the host. */
  begin(doc: PipelineDocument, tabKey: string, options?: { startPaused?: boolean }): void;
  /** Records the id the host gave the run. */
  started(runId: string): void;
  /** Records that the host refused to start the run, and the problems it named. */
  refused(message: string, problems?: readonly Problem[]): void;
  /** Applies the events of one batch (one animation frame) that belong to the current run. */
  receive(events: readonly HostRunEvent[]): void;
  /** Adds a line to the Output panel. */
  note(level: LogLine['level'], text: string): void;
  setPaused(paused: boolean): void;
  /**
   * Shows a run from its events so far: a live run this page did not start (after a reload, in a second
   * window), whose later events then arrive as usual, or a stored run opened from the Runs view.
   */
  replay(runId: string, doc: PipelineDocument, tabKey: string, events: readonly (HostRunEvent | RunEvent)[]): void;
  /** The highest event seq applied for the current run (-1 before any); later events with a lower one are skipped. */
  lastSeq: number;
}

export type RunStore = StoreApi<RunStoreState>;

/** Creates the run store. */
export function createRunStore(): RunStore {
  return createStore<RunStoreState>()((set, get) => ({
    ...idleRunState(),
    lastSeq: -1,

    begin(doc, tabKey, options) {
      const next = beginRun(doc, tabKey, options);
      set({ ...next, log: [...get().log, ...next.log], lastSeq: -1 });
    },

    replay(runId, doc, tabKey, events) {
      const plain = events.map((e) => ('event' in e ? e.event : e));
      const seqs = events.map((e) => ('event' in e && e.seq !== undefined ? e.seq : -1));
      const next = applyRunEvents({ ...beginRun(doc, tabKey), runId, log: [] }, plain);
      set({ ...next, log: [...get().log, ...next.log], lastSeq: Math.max(-1, ...seqs) });
    },

    started(runId) {
      if (get().runId === null) set({ runId });
    },

    refused(message, problems) {
      set(runRefused(get(), message, problems));
    },

    receive(events) {
      const s = get();
      // Events may arrive before startRun resolves: adopt the first run id seen while starting.
      let runId = s.runId;
      let lastSeq = s.lastSeq;
      const mine = events.filter((e) => {
        if (runId === null && s.status === 'starting') runId = e.runId;
        if (e.runId !== runId) return false;
        // An event a replay already applied (it reached this page both ways while it attached).
        if (e.seq !== undefined && e.seq <= lastSeq) return false;
        if (e.seq !== undefined) lastSeq = e.seq;
        return true;
      });
      if (mine.length === 0) return;
      set({ ...applyRunEvents({ ...s, runId }, mine.map((e) => e.event)), lastSeq });
    },

    note(level, text) {
      set((s) => ({ log: [...s.log, { level, text }] }));
    },

    setPaused(paused) {
      set({ paused });
    },
  }));
}

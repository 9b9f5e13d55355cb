/** The current run as a zustand vanilla store, fed with batches of host events. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import type { Problem } from '../../../engine/format/problems.js';
import type { HostRunEvent } from '../../../engine/host/hostApi.js';
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
}

export type RunStore = StoreApi<RunStoreState>;

/** Creates the run store. */
export function createRunStore(): RunStore {
  return createStore<RunStoreState>()((set, get) => ({
    ...idleRunState(),

    begin(doc, tabKey, options) {
      const next = beginRun(doc, tabKey, options);
      set({ ...next, log: [...get().log, ...next.log] });
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
      const mine = events.filter((e) => {
        if (runId === null && s.status === 'starting') runId = e.runId;
        return e.runId === runId;
      });
      if (mine.length === 0) return;
      set({ ...applyRunEvents({ ...s, runId }, mine.map((e) => e.event)) });
    },

    note(level, text) {
      set((s) => ({ log: [...s.log, { level, text }] }));
    },

    setPaused(paused) {
      set({ paused });
    },
  }));
}

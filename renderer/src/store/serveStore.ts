/**
 * The served federation as the workbench follows it (Run → Serve): the host's serveStatus, asked every
 * SERVE_POLL_MS while it serves, and the tab whose document is served — what the Federation panel and the
 * served pipeline's client nodes show. A zustand vanilla store, like the run store.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ServeStatus } from '../../../engine/host/hostApi.js';
import type { ServeFieldErrors } from './serveOptions.js';

export interface ServeStoreState {
  /** The latest served federation (null: this host has served none); `serving` false once its run ended. */
  status: ServeStatus | null;
  /** What this window served last: its run, its tab, and what the host warned of when it began listening. */
  mine: { runId: string; tabKey: string | null; warnings: string[] } | null;
  /** Records a federation just served from `tabKey`. */
  served(status: ServeStatus, tabKey: string | null, warnings?: string[]): void;
  /** Records what the host answered to serveStatus. */
  update(status: ServeStatus | null): void;
  /** The Serve dialog while it is open, with what the host or the form said of its fields. */
  dialog: { errors: ServeFieldErrors; busy: boolean } | null;
  /** Opens, updates or (null) closes the Serve dialog. */
  setDialog(dialog: { errors: ServeFieldErrors; busy: boolean } | null): void;
}

export type ServeStore = StoreApi<ServeStoreState>;

/** Creates the serve store. */
export function createServeStore(): ServeStore {
  return createStore<ServeStoreState>()((set) => ({
    status: null,
    mine: null,
    served: (status, tabKey, warnings = []) => set({ status, mine: { runId: status.runId, tabKey, warnings } }),
    update: (status) => set({ status }),
    dialog: null,
    setDialog: (dialog) => set({ dialog }),
  }));
}

/**
 * The tab whose document the status is of, where this window served it; null for another window's
 * federation (or one from before a reload), which the panel shows without a tab of its own here.
 */
export function servedTabKey(s: Pick<ServeStoreState, 'status' | 'mine'>): string | null {
  return s.status && s.mine?.runId === s.status.runId ? s.mine.tabKey : null;
}

/** The host's warnings of the federation shown, where this window served it. */
export function servedWarnings(s: Pick<ServeStoreState, 'status' | 'mine'>): string[] {
  return s.status && s.mine?.runId === s.status.runId ? s.mine.warnings : NO_WARNINGS;
}

const NO_WARNINGS: string[] = [];

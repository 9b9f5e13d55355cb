/** The Runs view's state: the run store's listing as last fetched, its filter and order, the selection, the comparison. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RunList, RunListRequest, StoredRunComparison } from '../../../engine/host/hostApi.js';

export interface StoredRunsState {
  list: RunList | null;
  /** Why the last listing failed, if it did. */
  error: string | null;
  filter: Required<Pick<RunListRequest, 'text' | 'sort'>> & { status: RunListRequest['status'] | '' };
  /** Run ids ticked for comparison, in the order they were ticked. */
  selected: string[];
  comparison: StoredRunComparison | null;
  setFilter(filter: Partial<StoredRunsState['filter']>): void;
  toggle(runId: string): void;
}

export type StoredRunsStore = StoreApi<StoredRunsState>;

/** Creates the Runs view's store. */
export function createStoredRunsStore(): StoredRunsStore {
  return createStore<StoredRunsState>()((set) => ({
    list: null,
    error: null,
    filter: { text: '', status: '', sort: 'started' },
    selected: [],
    comparison: null,
    setFilter: (filter) => set((s) => ({ filter: { ...s.filter, ...filter } })),
    toggle: (runId) => set((s) => ({ selected: s.selected.includes(runId) ? s.selected.filter((id) => id !== runId) : [...s.selected, runId] })),
  }));
}

import { useStore } from 'zustand';
import type { StoredRunsState } from '../store/storedRunsStore.js';
import { useServices } from './useServices.js';

/** Selects from the Runs view's store. */
export function useStoredRuns<T>(selector: (s: StoredRunsState) => T): T {
  return useStore(useServices().storedRuns, selector);
}

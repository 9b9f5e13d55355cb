import { useStore } from 'zustand';
import type { RunStoreState } from '../store/runStore.js';
import { useServices } from './useServices.js';

/** Selects from the run store. */
export function useRun<T>(selector: (s: RunStoreState) => T): T {
  return useStore(useServices().runs, selector);
}

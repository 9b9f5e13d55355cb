import { useStore } from 'zustand';
import type { ServeStoreState } from '../store/serveStore.js';
import { useServices } from './useServices.js';

/** Selects from the serve store (Run → Serve). */
export function useServe<T>(selector: (s: ServeStoreState) => T): T {
  return useStore(useServices().serve, selector);
}

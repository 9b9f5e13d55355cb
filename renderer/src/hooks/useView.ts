import { useStore } from 'zustand';
import type { ViewState } from '../store/viewStore.js';
import { useServices } from './useServices.js';

/** Selects from the view store. */
export function useView<T>(selector: (s: ViewState) => T): T {
  return useStore(useServices().view, selector);
}

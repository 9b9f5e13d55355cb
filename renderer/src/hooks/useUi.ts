import { useStore } from 'zustand';
import type { UiState } from '../ui/uiStore.js';
import { useServices } from './useServices.js';

/** Selects from the UI store. */
export function useUi<T>(selector: (s: UiState) => T): T {
  return useStore(useServices().ui, selector);
}

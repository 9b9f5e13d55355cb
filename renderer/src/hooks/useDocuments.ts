import { useStore } from 'zustand';
import type { DocumentsState } from '../store/documentsStore.js';
import { useServices } from './useServices.js';

/** Selects from the documents store; re-renders when the selected value changes. */
export function useDocuments<T>(selector: (s: DocumentsState) => T): T {
  return useStore(useServices().documents, selector);
}

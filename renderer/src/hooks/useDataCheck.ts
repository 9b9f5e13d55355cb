import { useStore } from 'zustand';
import type { DataCheck } from '../store/dataChecks.js';
import { useServices } from './useServices.js';

/** The latest data check of a tab (maybe of an earlier version of its document: see currentCheck). */
export function useDataCheck(tabKey: string | null | undefined): DataCheck | undefined {
  return useStore(useServices().dataChecks, (s) => (tabKey ? s.byTab[tabKey] : undefined));
}

import type { DocumentTab } from '../store/documentTab.js';
import { useDocuments } from './useDocuments.js';

/** The active tab, or undefined when none is open. */
export function useActiveTab(): DocumentTab | undefined {
  return useDocuments((s) => s.tabs.find((t) => t.key === s.activeKey));
}

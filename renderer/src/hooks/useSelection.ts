import { EMPTY_SELECTION, type Selection } from '../store/viewStore.js';
import { useDocuments } from './useDocuments.js';
import { useView } from './useView.js';

/** The active tab's selection. */
export function useSelection(): Selection {
  const key = useDocuments((s) => s.activeKey);
  return useView((s) => (key ? (s.selection[key] ?? EMPTY_SELECTION) : EMPTY_SELECTION));
}

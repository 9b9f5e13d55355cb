import type { Problem } from '../../../engine/format/problems.js';
import { tabProblems } from '../store/documentProblems.js';
import { useActiveTab } from './useActiveTab.js';

const NONE: Problem[] = [];

/** The active document's problems (memoised per document object). */
export function useActiveProblems(): Problem[] {
  const tab = useActiveTab();
  return tab ? tabProblems(tab) : NONE;
}

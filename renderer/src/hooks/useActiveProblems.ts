import type { Problem } from '../../../engine/format/problems.js';
import { tabProblems } from '../store/documentProblems.js';
import { useActiveTab } from './useActiveTab.js';
import { useDataCheck } from './useDataCheck.js';
import { useRun } from './useRun.js';

const NONE: Problem[] = [];

/** The active document's problems, with those the host's data check of it found (memoised per document object). */
export function useActiveProblems(): Problem[] {
  const tab = useActiveTab();
  const check = useDataCheck(tab?.key);
  return tab ? tabProblems(tab, check) : NONE;
}

/**
 * The problems the host named when the active document's last run failed or was refused: what the
 * validator cannot see (a data path outside the workspace, a split the data cannot fill). Kept until the
 * next run starts.
 */
export function useActiveRunProblems(): Problem[] {
  const key = useActiveTab()?.key;
  return useRun((s) => (s.status === 'failed' && s.tabKey === key && s.error ? s.error.problems : NONE));
}

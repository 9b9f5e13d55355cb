/**
 * The Runs view's actions on the run store through the HostApi: open a past run read-only (its document
 * in a tab, its charts in Metrics, redrawn by replaying its events through the run reducer), re-run it,
 * delete it (asking first), and reattach to a run the host is going on with after a reload.
 */
import type { LiveRun, StoredRun } from '../../../engine/host/hostApi.js';
import type { Services } from '../services.js';
import { attachLiveRun, readOnlyRunTab, replayStoredRun } from '../store/replayRun.js';
import { isActive } from '../store/runState.js';
import { quickPick, showToast } from '../ui/uiStore.js';
import { guard } from './guard.js';
import { startRun } from './runActions.js';

/** Opens a stored run read-only: its document in a tab, its charts in Metrics (unless a run is going). */
export async function openStoredRun(s: Services, runId: string): Promise<StoredRun | null> {
  const run = await guard(s, 'Opening the run', () => s.host.readRun(runId));
  if (!run) return null;
  const key = readOnlyRunTab(s.documents, run.id, run.document, `${run.name} · ${run.id.slice(-6)}`);
  const current = s.runs.getState();
  // The run this page is showing live already (reattached, or started here): its tab is all there is to open.
  if (current.runId === run.id && isActive(current)) return run;
  if (isActive(current)) {
    // The live run keeps the Metrics panel; its charts would vanish under a past one's.
    showToast(s.ui, 'info', `Opened ${run.id} read-only; its charts show in Metrics once the current run has ended.`);
    return run;
  }
  replayStoredRun(s.runs, run, key);
  s.view.getState().showBottom('metrics');
  return run;
}

/** Opens a stored run's document as a new, editable tab and runs it. */
export async function rerunStoredRun(s: Services, runId: string): Promise<string | null> {
  if (isActive(s.runs.getState())) {
    showToast(s.ui, 'warning', 'A run is already going; stop it first.');
    return null;
  }
  const run = await guard(s, 'Re-running', () => s.host.readRun(runId));
  if (!run) return null;
  s.documents.getState().openDocument({ name: run.name, path: null, doc: run.document, unsaved: true });
  // Its relative data paths resolve where they did: next to the pipeline file it came from.
  return startRun(s, { dataPath: run.file ?? null });
}

/** Deletes a stored run after asking; resolves whether it was deleted. */
export async function deleteStoredRun(s: Services, runId: string): Promise<boolean> {
  const choice = await quickPick(
    s.ui,
    `Delete run ${runId} and its folder (manifest, events, metrics, models, report)?`,
    [
      { id: 'delete', label: 'Delete the run' },
      { id: 'cancel', label: 'Cancel' },
    ],
    'runs-delete-confirm',
  );
  if (choice?.id !== 'delete') return false;
  const deleted = await guard(s, 'Deleting the run', () => s.host.deleteRun(runId));
  if (!deleted) return false;
  const tab = s.documents.getState().tabs.find((t) => t.readOnly?.runId === runId);
  if (tab) s.documents.getState().closeTab(tab.key);
  showToast(s.ui, 'info', `Deleted run ${deleted}.`);
  return true;
}

/**
 * After a reload (or in a second window): shows the run the host is going on with, live from its first
 * event, so Run does not start a second one beside it unknowingly. Its document opens read-only unless
 * its file is open already.
 */
export async function reattach(s: Services): Promise<LiveRun | null> {
  let live: LiveRun[];
  try {
    live = await s.host.liveRuns();
  } catch {
    return null;
  }
  const run = attachLiveRun(s.runs, s.documents, live);
  if (!run) return null;
  s.view.getState().showBottom('metrics');
  return run;
}

/** Fetches the run store's listing with the view's filter and order. */
export async function refreshStoredRuns(s: Services): Promise<void> {
  const { filter } = s.storedRuns.getState();
  try {
    const list = await s.host.listRuns({
      ...(filter.text.trim() ? { text: filter.text.trim() } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      sort: filter.sort,
    });
    // Ticks on runs that are gone (deleted, here or by hand) go with them.
    const ids = new Set(list.runs.map((r) => r.id));
    s.storedRuns.setState((st) => ({ list, error: null, selected: st.selected.filter((id) => ids.has(id)) }));
  } catch (e) {
    s.storedRuns.setState({ error: e instanceof Error ? e.message : String(e) });
  }
}

/** Compares the ticked runs and shows the comparison in the bottom panel. */
export async function compareSelectedRuns(s: Services): Promise<boolean> {
  const { selected } = s.storedRuns.getState();
  if (selected.length < 2) {
    showToast(s.ui, 'warning', 'Tick two or more runs to compare them.');
    return false;
  }
  const comparison = await guard(s, 'Comparing runs', () => s.host.compareRuns(selected));
  if (!comparison) return false;
  s.storedRuns.setState({ comparison });
  s.view.getState().showBottom('compare');
  return true;
}

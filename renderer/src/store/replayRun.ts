/**
 * Showing a run this page did not start, from its events: a stored run opened from the Runs view, or a live
 * run the host is going on with when the page loads (a reload, a second window). Pure over the stores, so
 * it is tested without a page or a host.
 */
import type { LiveRun, StoredRun } from '../../../engine/host/hostApi.js';
import type { DocumentsStore } from './documentsStore.js';
import type { RunStore } from './runStore.js';
import { isActive } from './runState.js';
import { documentText } from './serialize.js';

/** The tab showing a run's document read-only, opened when there is none; returns its key. */
export function readOnlyRunTab(documents: DocumentsStore, runId: string, doc: StoredRun['document'], title: string): string {
  const docs = documents.getState();
  const open = docs.tabs.find((t) => t.readOnly?.runId === runId);
  if (open) {
    docs.setActive(open.key);
    return open.key;
  }
  return docs.openDocument({ name: title, path: null, doc, readOnly: { runId } });
}

/** Redraws a stored run in the run store from its event log (the caller checked no run is going here). */
export function replayStoredRun(runs: RunStore, run: Pick<StoredRun, 'id' | 'status' | 'document' | 'events'>, tabKey: string): void {
  runs.getState().replay(run.id, run.document, tabKey, run.events);
  if (!isActive(runs.getState())) return;
  // A log with no end: the run was killed, or goes on in another process (the CLI). Shown as it stands,
  // it must not pass for this page's own run, or Run would stay disabled and Stop would reach nothing.
  runs.setState({ status: 'cancelled', paused: false });
  runs.getState().note(
    'warning',
    run.status === 'interrupted'
      ? `Run ${run.id} was interrupted (its process is gone); shown up to its last recorded event.`
      : `Run ${run.id} is still going in another process; shown up to its last recorded event.`,
  );
}

/**
 * The open tab that shows exactly the document a run started from: the tab of its file, or (an unsaved
 * document, brought back by a reload) the tab whose document reads the same. Undefined when none does.
 */
function tabOfRun(documents: DocumentsStore, run: LiveRun): string | undefined {
  const docs = documents.getState();
  if (run.path) return docs.findByPath(run.path)?.key;
  const text = documentText(run.doc);
  return docs.tabs.find((t) => !t.readOnly && t.path === null && t.doc && documentText(t.doc) === text)?.key;
}

/**
 * Shows the newest live run, from its first event, in the tab of its document when that is open, else in a
 * read-only tab of it; later events then arrive as usual. Does nothing while a run is shown
 * live already. Returns the run shown, or null.
 */
export function attachLiveRun(runs: RunStore, documents: DocumentsStore, live: readonly LiveRun[]): LiveRun | null {
  const run = live.at(-1);
  if (!run || isActive(runs.getState())) return null;
  const key = tabOfRun(documents, run) ?? readOnlyRunTab(documents, run.runId, run.doc, `${run.doc.name} · running`);
  runs.getState().replay(run.runId, run.doc, key, run.events);
  if (run.paused) runs.getState().setPaused(true);
  runs.getState().note('info', `Reattached to run ${run.runId}, still going in the host.`);
  return run;
}

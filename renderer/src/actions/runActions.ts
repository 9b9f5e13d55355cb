/** Run, stop, pause/resume and step one round, through the HostApi. */
import { hasErrors } from '../../../engine/format/problems.js';
import { hostErrorFrom } from '../../../engine/host/hostError.js';
import type { Services } from '../services.js';
import { documentProblems } from '../store/documentProblems.js';
import { isActive } from '../store/runState.js';
import { exportStem } from '../store/runExport.js';
import { documentText } from '../store/serialize.js';
import { showToast } from '../ui/uiStore.js';
import { downloadText } from './download.js';
import { guard } from './guard.js';

/**
 * Starts the active document; `startPaused` starts it ready to be stepped; `dataPath` names the file its
 * relative data paths resolve against, when that is not the tab's own (a re-run of a stored run).
 */
export async function startRun(s: Services, options: { startPaused?: boolean; dataPath?: string | null } = {}): Promise<string | null> {
  if (isActive(s.runs.getState())) {
    showToast(s.ui, 'warning', 'A run is already going; stop it first.');
    return null;
  }
  const docs = s.documents.getState();
  const tab = docs.tabs.find((t) => t.key === docs.activeKey);
  if (!tab?.doc) {
    showToast(s.ui, 'warning', 'Open a pipeline to run it.');
    return null;
  }
  if (hasErrors(documentProblems(tab.doc, s.dataChecks.getState().byTab[tab.key]))) {
    s.view.getState().showBottom('problems');
    showToast(s.ui, 'error', 'This pipeline has errors; fix the problems listed first.');
    return null;
  }
  const doc = tab.doc;
  s.runs.getState().begin(doc, tab.key, { startPaused: options.startPaused });
  s.view.getState().showBottom('metrics');
  try {
    const { runId } = await s.host.startRun({ text: documentText(doc), path: options.dataPath !== undefined ? options.dataPath : tab.path, startPaused: options.startPaused });
    s.runs.getState().started(runId);
    return runId;
  } catch (e) {
    const { message, problems } = hostErrorFrom(e);
    s.runs.getState().refused(message, problems);
    if (problems.length > 0) {
      // Problems the local validator did not see (a data path outside the workspace): listed by node and
      // field in the Problems panel, where clicking one selects its node.
      s.view.getState().showBottom('problems');
      showToast(s.ui, 'error', `The run could not start: ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}, listed in Problems.`);
    } else {
      s.view.getState().showBottom('output');
      showToast(s.ui, 'error', `The run could not start: ${message}`);
    }
    return null;
  }
}

/** Waits until the host has given the run its id (events may name it first). */
async function runIdOf(s: Services): Promise<string | null> {
  for (let i = 0; i < 100; i++) {
    const { runId, status } = s.runs.getState();
    if (runId) return runId;
    if (!isActive({ status })) return null;
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
}

/** Stops the current run. */
export async function stopRun(s: Services): Promise<void> {
  if (!isActive(s.runs.getState())) return;
  const runId = await runIdOf(s);
  if (runId) await guard(s, 'Stopping the run', () => s.host.controlRun(runId, 'stop'));
}

/** Pauses a running run, or resumes a paused one. */
export async function togglePause(s: Services): Promise<void> {
  const state = s.runs.getState();
  if (!isActive(state)) return;
  const runId = await runIdOf(s);
  if (!runId) return;
  await guard(s, 'Pausing the run', () => s.host.controlRun(runId, state.paused ? 'resume' : 'pause'));
}

/** Runs one more round and pauses; starts the run paused first when none is going. */
export async function stepRun(s: Services): Promise<void> {
  if (!isActive(s.runs.getState())) {
    const started = await startRun(s, { startPaused: true });
    if (!started) return;
  }
  const runId = await runIdOf(s);
  if (!runId) return;
  s.runs.getState().setPaused(true);
  await guard(s, 'Stepping the run', () => s.host.controlRun(runId, 'step'));
}

/** Exports the active document as a standalone TypeScript script. */
export async function exportScript(s: Services): Promise<void> {
  const docs = s.documents.getState();
  const tab = docs.tabs.find((t) => t.key === docs.activeKey);
  if (!tab?.doc) {
    showToast(s.ui, 'warning', 'Open a pipeline to export it.');
    return;
  }
  const doc = tab.doc;
  const result = await guard(s, 'Exporting', () => s.host.exportScript(documentText(doc), tab.path));
  if (!result) return;
  const runs = s.runs.getState();
  if (result.path) {
    runs.note('info', `Exported the script to ${result.path}.`);
    showToast(s.ui, 'info', `Exported to ${result.path}.`);
    return;
  }
  // A host that cannot ask where to save (the browser): the script comes as a file download, as other exports do.
  const fileName = `${exportStem(doc.name)}.ts`;
  downloadText(fileName, result.text, 'text/typescript');
  runs.note('info', `Exported '${doc.name}' as a script: downloaded ${fileName}.`);
  showToast(s.ui, 'info', `Downloaded ${fileName}.`);
}

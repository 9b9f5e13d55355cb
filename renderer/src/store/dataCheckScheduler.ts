/**
 * Asking the host to check the active document's data (HostApi.checkPipeline) while the user edits: once
 * the document has rested DATA_CHECK_DEBOUNCE_MS with no static error, its text goes to the host; the
 * answer lands in the data checks store, keyed by the document object it was about. The host is another
 * process, so the page's UI thread never waits on loading data. useDataChecks runs it for the workbench.
 */
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import { hasErrors } from '../../../engine/format/problems.js';
import type { HostApi } from '../../../engine/host/hostApi.js';
import { currentCheck, type DataChecksStore } from './dataChecks.js';
import { problemsOf } from './documentProblems.js';
import type { DocumentsStore } from './documentsStore.js';
import { documentText } from './serialize.js';

/** How long a document must rest after an edit before its data is checked. */
export const DATA_CHECK_DEBOUNCE_MS = 400;

/** Options of startDataChecks. */
export interface DataCheckScheduler {
  documents: DocumentsStore;
  checks: DataChecksStore;
  host: Pick<HostApi, 'checkPipeline'>;
  /** Timers (tests pass their own, to wait on events and not on time). */
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/** Whether a document is one the host should check: it has nodes and no error validation can see. */
export function wantsDataCheck(doc: PipelineDocument | null | undefined): doc is PipelineDocument {
  return !!doc && doc.nodes.length > 0 && !hasErrors(problemsOf(doc));
}

/** Starts checking the active document after each edit, debounced; returns the function that stops it. */
export function startDataChecks(options: DataCheckScheduler): () => void {
  const { documents, checks, host } = options;
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  let timer: unknown;
  let stopped = false;

  const activeTab = () => {
    const s = documents.getState();
    return s.tabs.find((t) => t.key === s.activeKey);
  };

  const send = () => {
    timer = undefined;
    const tab = activeTab();
    if (stopped || !tab || !wantsDataCheck(tab.doc)) return;
    const { key, doc, path } = tab;
    checks.getState().checking(key, doc);
    host.checkPipeline(documentText(doc), path).then(
      (check) => checks.getState().finished(key, doc, check),
      (e: unknown) => checks.getState().failed(key, doc, e instanceof Error ? e.message : String(e)),
    );
  };

  const schedule = () => {
    if (timer !== undefined) clearTimer(timer);
    timer = undefined;
    const tab = activeTab();
    // A document already checked (or being checked) as it is now, e.g. on coming back to its tab, is not asked again.
    if (!tab || !wantsDataCheck(tab.doc) || currentCheck(checks.getState().byTab[tab.key], tab.doc)) return;
    timer = setTimer(send, DATA_CHECK_DEBOUNCE_MS);
  };

  const unsubscribe = documents.subscribe((s, prev) => {
    if (s.tabs === prev.tabs && s.activeKey === prev.activeKey) return;
    if (s.tabs.length !== prev.tabs.length) checks.getState().keepOnly(s.tabs.map((t) => t.key));
    schedule();
  });
  schedule();
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimer(timer);
    unsubscribe();
  };
}

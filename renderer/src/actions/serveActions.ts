/**
 * Run → Serve: serves the active document to remote clients through the HostApi (as `fedflow serve`
 * does), follows its clients every SERVE_POLL_MS while it serves, and stops it. The served run is a run
 * like Run's: the run store follows its events, so Metrics, Output and the status bar show it.
 */
import type { ServeRequest } from '../../../engine/host/hostApi.js';
import { hostErrorFrom } from '../../../engine/host/hostError.js';
import type { Services } from '../services.js';
import { serveBlocker, SERVE_POLL_MS } from '../store/federationView.js';
import { isActive } from '../store/runState.js';
import { documentText } from '../store/serialize.js';
import { showToast } from '../ui/uiStore.js';
import { saveServeForm } from '../hooks/serveFormStorage.js';
import { serveRequestOptions, SERVE_FIELDS, type ServeField, type ServeFieldErrors, type ServeForm } from '../store/serveOptions.js';
import { guard } from './guard.js';

/** The poll timer of each window's services: one at a time. */
const polls = new WeakMap<Services, ReturnType<typeof setInterval>>();

/** Asks the host for the served federation now and keeps what it says. */
export async function refreshServe(s: Services): Promise<void> {
  const status = await s.host.serveStatus().catch(() => undefined);
  if (status === undefined) return;
  s.serve.getState().update(status);
  if (status?.serving) followServe(s);
}

/** Asks for the served federation's clients every SERVE_POLL_MS until it stops serving. */
function followServe(s: Services): void {
  if (polls.has(s)) return;
  const timer = setInterval(() => {
    void s.host.serveStatus().then(
      (status) => {
        s.serve.getState().update(status);
        if (!status?.serving) {
          clearInterval(timer);
          polls.delete(s);
        }
      },
      () => undefined,
    );
  }, SERVE_POLL_MS);
  polls.set(s, timer);
}

/** The active tab when it can be served now; else null, having said why. */
function servableTab(s: Services) {
  if (isActive(s.runs.getState())) {
    showToast(s.ui, 'warning', 'A run is already going; stop it first.');
    return null;
  }
  const docs = s.documents.getState();
  const tab = docs.tabs.find((t) => t.key === docs.activeKey);
  const blocker = serveBlocker(tab?.doc, tab ? s.dataChecks.getState().byTab[tab.key] : undefined);
  if (!tab?.doc || blocker) {
    showToast(s.ui, 'warning', `Cannot serve yet: ${blocker ?? 'open a pipeline to serve it.'}`);
    return null;
  }
  return { ...tab, doc: tab.doc };
}

/** Run → Serve: opens the Serve dialog (port, interface, TLS, clients to wait for) where the active document can be served. */
export function openServeDialog(s: Services): void {
  if (servableTab(s)) s.serve.getState().setDialog({ errors: {}, busy: false });
}

/** Serves from the dialog: the form's options, a form error beside its field, or a served federation (the dialog closes). */
export async function serveFromDialog(s: Services, form: ServeForm): Promise<string | null> {
  const read = serveRequestOptions(form);
  if ('errors' in read) {
    s.serve.getState().setDialog({ errors: read.errors, busy: false });
    return null;
  }
  saveServeForm(form);
  s.serve.getState().setDialog({ errors: {}, busy: true });
  return startServe(s, read.options);
}

/** Serves the active document with `options`; resolves with its run's id, or null when it did not start. */
export async function startServe(s: Services, options: Partial<ServeRequest> = {}): Promise<string | null> {
  const tab = servableTab(s);
  if (!tab) {
    s.serve.getState().setDialog(null);
    return null;
  }
  const doc = tab.doc;
  s.runs.getState().begin(doc, tab.key);
  try {
    const started = await s.host.startServe({ ...options, text: documentText(doc), path: tab.path });
    s.serve.getState().setDialog(null);
    s.view.getState().showBottom('federation');
    s.runs.getState().started(started.runId);
    s.runs.getState().note('info', `Serving '${doc.name}': clients join with fedflow join '${started.joinUrl}' --data FILE`);
    for (const w of started.warnings ?? []) s.runs.getState().note('warning', w);
    s.serve.getState().served({ runId: started.runId, joinUrl: started.joinUrl, pageUrl: started.pageUrl, token: started.token, serving: true, seats: 0, clients: [], ...(started.listen ? { listen: started.listen } : {}) }, tab.key, started.warnings);
    await refreshServe(s);
    followServe(s);
    return started.runId;
  } catch (e) {
    const { message, problems } = hostErrorFrom(e);
    // A listening option the host refused is shown beside its field, and the dialog stays open to fix it.
    const errors: ServeFieldErrors = {};
    for (const p of problems) if (!p.nodeId && p.field && (SERVE_FIELDS as readonly string[]).includes(p.field)) errors[p.field as ServeField] ??= p.message;
    if (Object.keys(errors).length > 0 && s.serve.getState().dialog) {
      s.runs.getState().refused(message, []);
      s.serve.getState().setDialog({ errors, busy: false });
      return null;
    }
    s.serve.getState().setDialog(null);
    s.runs.getState().refused(message, problems);
    s.view.getState().showBottom(problems.length > 0 ? 'problems' : 'output');
    showToast(s.ui, 'error', `The pipeline could not be served: ${problems.length > 0 ? (problems[0].message ?? message) : message}`);
    return null;
  }
}

/** Stops the served federation (its run is cancelled, the server closes). */
export async function stopServe(s: Services): Promise<void> {
  await guard(s, 'Stopping the federation', () => s.host.stopServe());
  await refreshServe(s);
}

/** Copies the join link to the clipboard. */
export async function copyJoinLink(s: Services): Promise<void> {
  // The browser page's link where it is built: that is the one a class opens; else what fedflow join takes.
  const status = s.serve.getState().status;
  const url = status?.pageUrl || status?.joinUrl;
  if (!url) return;
  try {
    await navigator.clipboard.writeText(url);
    showToast(s.ui, 'info', 'Copied the join link.');
  } catch {
    showToast(s.ui, 'warning', 'The browser did not let FedFlow copy; select the link and copy it yourself.');
  }
}

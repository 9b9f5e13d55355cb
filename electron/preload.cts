/**
 * The preload: exposes `window.fedflow`, the HostApi, to the sandboxed page with contextBridge — one
 * function per HOST_METHODS entry, each invoking its own `fedflow:<method>` channel, plus onRunEvent.
 * The page never gets ipcRenderer or any way to name a channel itself.
 *
 * CommonJS (.cts), and self-contained: a sandboxed preload can be neither an ES module nor require our
 * own files, so the method list and channel names are repeated here, checked against HOST_METHODS by the
 * types below and against electron/ipcChannels.ts by test/electron/preload.test.ts.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { HostApi, HostMethod, HostRunEvent } from '../engine/host/hostApi.js';
import type { HostErrorValue } from '../engine/host/hostError.js';

const METHODS = [
  'info',
  'listTemplates',
  'openTemplate',
  'openFile',
  'listFiles',
  'saveFile',
  'recentFiles',
  'saveRecovery',
  'loadRecovery',
  'startRun',
  'controlRun',
  'exportScript',
  'exportReport',
  'listRuns',
  'readRun',
  'compareRuns',
  'deleteRun',
  'liveRuns',
  'startSweep',
  'stopSweep',
  'sweepStatus',
  'readSweep',
  'checkPipeline',
  'listWorkers',
  'startServe',
  'stopServe',
  'serveStatus',
] as const satisfies readonly HostMethod[];
/** Fails to compile when HOST_METHODS gains a method this list lacks. */
const everyMethod: Record<Exclude<HostMethod, (typeof METHODS)[number]>, never> = {};

const HOST_CHANNEL_PREFIX = 'fedflow:';
const RUN_EVENT_CHANNEL = 'fedflow:run-event';

type IpcAnswer = { ok: true; result: unknown } | { ok: false; error: HostErrorValue };

function hostMethod(method: HostMethod) {
  return async (...args: unknown[]): Promise<unknown> => {
    const answer = (await ipcRenderer.invoke(`${HOST_CHANNEL_PREFIX}${method}`, ...args)) as IpcAnswer;
    // Rejects with the HostErrorValue itself, a plain object: contextBridge would copy an Error into the
    // page with its message only, dropping the problems. The page's host.ts turns it into a HostError.
    // Its code too (a save refused as `changed-on-disk`), so the page tells refusals apart without reading words.
    if (!answer.ok) throw { name: 'HostError', message: answer.error.message, problems: answer.error.problems ?? [], ...(answer.error.code ? { code: answer.error.code } : {}) };
    return answer.result;
  };
}

const api: Record<string, unknown> = { ...everyMethod };
for (const method of METHODS) api[method] = hostMethod(method);
api.onRunEvent = (listener: (e: HostRunEvent) => void): (() => void) => {
  if (typeof listener !== 'function') throw new TypeError('onRunEvent needs a function.');
  const relay = (_event: unknown, e: HostRunEvent) => listener(e);
  ipcRenderer.on(RUN_EVENT_CHANNEL, relay);
  return () => {
    ipcRenderer.removeListener(RUN_EVENT_CHANNEL, relay);
  };
};

contextBridge.exposeInMainWorld('fedflow', api as unknown as HostApi);

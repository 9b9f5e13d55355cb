/**
 * The engine's own process (an Electron utilityProcess): the Node host and every run live here, so the
 * coordinator's work — loading data sets, aggregating a large model, evaluating — never stalls the
 * window's main process, and a crash of the engine does not take the window with it. Worker threads for
 * client training are started from here as in the CLI.
 */
import { answerWireRequest, parseWireRequest } from '../engine/host/wireServer.js';
import { createDesktopHost } from './desktopHost.js';
import { ENGINE_CONFIG_ENV, type EngineConfig, type FromEngine, type PickRequest, type ToEngine } from './engineMessages.js';

const port = process.parentPort;
const config = JSON.parse(process.env[ENGINE_CONFIG_ENV] ?? 'null') as EngineConfig | null;
if (!port || !config) throw new Error('engineProcess runs only as the FedFlow app\'s utility process.');

const post = (message: FromEngine) => port.postMessage(message);
const picks = new Map<number, (path: string | null) => void>();
let nextPick = 1;

/** Asks the main process to show a dialog and waits for the path the user chose. */
function pick(request: PickRequest): Promise<string | null> {
  return new Promise((resolve) => {
    const id = nextPick++;
    picks.set(id, resolve);
    post({ pick: { id, request } });
  });
}

const host = createDesktopHost(config, pick);
host.onRunEvent((event) => post({ answer: { event } }));

port.on('message', ({ data }: { data: unknown }) => {
  const message = data as ToEngine | null;
  if (message && 'call' in message) {
    const request = parseWireRequest(message.call);
    if (request) void answerWireRequest(host, request).then((answer) => post({ answer }));
  } else if (message && 'picked' in message) {
    const resolve = picks.get(message.picked.id);
    picks.delete(message.picked.id);
    resolve?.(typeof message.picked.path === 'string' ? message.picked.path : null);
  }
});

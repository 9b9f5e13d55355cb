/**
 * The desktop app's main process. It owns windows, native dialogs and the app:// protocol, and relays
 * HostApi calls from the page to the engine process (electron/engineProcess.ts), where the Node host and
 * every run live; the engine never runs on this thread, so aggregation of a large model cannot freeze
 * the window.
 *
 * Security: every window is sandboxed with context isolation and no Node integration; the page is
 * served from app://fedflow with a strict Content-Security-Policy header (a header rather than a meta
 * tag: it covers every response, and a page cannot remove it); navigation, new windows and middle-clicks
 * on links are refused (https links open in the user's browser; electron/windowOptions.ts); every IPC
 * handler checks that the calling frame is the app's own page (electron/ipcRelay.ts); the page may name
 * only files the user chose in a dialog, which the host behind the relay enforces
 * (engine/host/fileGrants.ts); all permission requests are denied but clipboard writes.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  protocol,
  session,
  shell,
  utilityProcess,
  type OpenDialogOptions,
  type SaveDialogOptions,
  type UtilityProcess,
} from 'electron';
import { HOST_METHODS, type HostApi, type HostRunEvent } from '../engine/host/hostApi.js';
import { contentSecurityPolicy, resolveStaticFile, securityHeaders } from '../engine/host/staticFiles.js';
import { createWireClient, isWireMessage, type WireClient } from '../engine/host/wireClient.js';
import { APP_HOST, APP_INDEX_URL, APP_SCHEME, devServerUrl, isTrustedSender } from './appUrl.js';
import { ENGINE_CONFIG_ENV, type EngineConfig, type FromEngine, type PickRequest, type ToEngine } from './engineMessages.js';
import { HOST_CHANNEL_PREFIX, RUN_EVENT_CHANNEL, type IpcAnswer } from './ipcChannels.js';
import { answerIpc } from './ipcRelay.js';
import { guardContents, mainWindowOptions } from './windowOptions.js';

const here = dirname(fileURLToPath(import.meta.url));
/** dist/electron → the package root. */
const root = join(here, '..', '..');
const rendererDir = join(root, 'dist', 'renderer');
const devUrl = app.isPackaged ? undefined : devServerUrl(process.env.FEDFLOW_DEV_URL);
const CSP = contentSecurityPolicy();
/** Vite's dev server needs its inline preamble and its HMR socket; used for FEDFLOW_DEV_URL only. */
const DEV_CSP = devUrl
  ? contentSecurityPolicy([`ws://${new URL(devUrl).host}`]).replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
  : CSP;

// Before `ready`: app:// behaves like https (a standard, secure origin with fetch).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

/** The engine process and a HostApi over it; restarted on the next call if it dies. */
class EngineLink {
  private child: UtilityProcess | null = null;
  private client: WireClient | null = null;

  constructor(
    private readonly config: EngineConfig,
    private readonly onRunEvent: (e: HostRunEvent) => void,
  ) {}

  /** The HostApi of the running engine process, starting it when needed. */
  host(): HostApi {
    if (this.client) return this.client.api;
    const child = utilityProcess.fork(join(here, 'engineProcess.js'), [], {
      serviceName: 'FedFlow engine',
      stdio: 'inherit',
      env: { ...process.env, [ENGINE_CONFIG_ENV]: JSON.stringify(this.config) },
    });
    const client = createWireClient((call) => child.postMessage({ call } satisfies ToEngine));
    client.api.onRunEvent(this.onRunEvent);
    child.on('message', (message: FromEngine) => {
      if ('answer' in message && isWireMessage(message.answer)) client.receive(message.answer);
      else if ('pick' in message) {
        void pick(message.pick.request).then(
          (path) => child.postMessage({ picked: { id: message.pick.id, path } } satisfies ToEngine),
          () => child.postMessage({ picked: { id: message.pick.id, path: null } } satisfies ToEngine),
        );
      }
    });
    child.on('exit', (code) => {
      client.fail(new Error(`The FedFlow engine stopped (exit code ${code}); running runs were lost. Try again.`));
      if (this.child === child) {
        this.child = null;
        this.client = null;
      }
    });
    this.child = child;
    this.client = client;
    return client.api;
  }

  stop(): void {
    this.child?.kill();
    this.child = null;
    this.client = null;
  }
}

/** Shows a native open or save dialog over the focused window. */
async function pick(request: PickRequest): Promise<string | null> {
  const parent = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  if (request.kind === 'open') {
    const options: OpenDialogOptions = {
      title: 'Open a FedFlow pipeline',
      properties: ['openFile'],
      filters: [{ name: 'FedFlow pipelines', extensions: ['json'] }],
    };
    const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  }
  const script = request.save.kind === 'script';
  const report = request.save.kind === 'report';
  const options: SaveDialogOptions = {
    title: script ? 'Export as a TypeScript script' : report ? 'Export the run as an HTML report' : 'Save the pipeline',
    defaultPath: join(app.getPath('documents'), request.save.suggestedName),
    filters: script
      ? [{ name: 'TypeScript', extensions: ['ts'] }]
      : report
        ? [{ name: 'HTML report', extensions: ['html'] }]
        : [{ name: 'FedFlow pipeline', extensions: ['json'] }],
  };
  const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  if (result.canceled || !result.filePath) return null;
  const path = result.filePath;
  if (script) return path.endsWith('.ts') ? path : `${path}.ts`;
  if (report) return path.endsWith('.html') ? path : `${path}.html`;
  return path.endsWith('.json') ? path : `${path}.fedflow.json`;
}

/** Sends a run event to every window that shows the app's own page. */
function broadcast(e: HostRunEvent): void {
  for (const win of BrowserWindow.getAllWindows()) {
    if (!win.isDestroyed() && isTrustedSender(win.webContents.mainFrame.url, devUrl)) win.webContents.send(RUN_EVENT_CHANNEL, e);
  }
}

/** Serves dist/renderer at app://fedflow/ with the CSP header; nothing outside that folder. */
function registerAppProtocol(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const found = url.host === APP_HOST ? await resolveStaticFile(rendererDir, url.pathname) : null;
    if (!found) return new Response('Not found', { status: 404, headers: securityHeaders(CSP) });
    return new Response(await readFile(found.file), { headers: { ...securityHeaders(CSP), 'Content-Type': found.contentType } });
  });
}

function registerIpc(engine: EngineLink): void {
  for (const method of HOST_METHODS) {
    ipcMain.handle(
      `${HOST_CHANNEL_PREFIX}${method}`,
      (event, ...args: unknown[]): Promise<IpcAnswer> => answerIpc(() => engine.host(), method, args, event.senderFrame?.url, devUrl),
    );
  }
}

function hardenContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    guardContents(contents, (url) => void shell.openExternal(url));
  });
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'clipboard-sanitized-write'));
  ses.setPermissionCheckHandler((_contents, permission) => permission === 'clipboard-sanitized-write');
  // The dev server's pages get their CSP here; app:// responses carry it from the protocol handler.
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    if (devUrl && details.url.startsWith(new URL(devUrl).origin)) headers['Content-Security-Policy'] = [DEV_CSP];
    callback({ responseHeaders: headers });
  });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(join(here, 'preload.cjs')));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(devUrl ?? APP_INDEX_URL);
  return win;
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  const documents = app.getPath('documents');
  const engine = new EngineLink(
    {
      workspaceDir: documents,
      templatesDir: join(root, 'templates'),
      stateDir: app.getPath('userData'),
      runsDir: join(documents, 'FedFlow', 'runs'),
    },
    broadcast,
  );
  registerAppProtocol();
  hardenContents();
  registerIpc(engine);
  // Start the engine while the window loads: loading TensorFlow.js takes a moment.
  engine.host();
  createWindow();
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => engine.stop());
}

void main();

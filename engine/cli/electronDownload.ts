/**
 * Fetching Electron's binary for `fedflow start`, at most once a day. npm's allowScripts keeps Electron's
 * own installer out of `npm install` (where only the npm registry is reachable it fails, and the install
 * must stay green), so `npm start` runs it instead. Where it cannot be had, a marker file remembers the
 * failed try (when, and why), so later starts open the browser at once instead of failing the same way
 * again; they try again after a day, with `--retry-download`, or once Electron's version changes. Before
 * the installer runs, a short TCP connect to the download host (10 s) finds out whether the network
 * answers at all, so a network that drops packets costs seconds, not the installer's minutes.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** What the marker file holds. */
export interface DownloadMarker {
  /** When the try failed (ISO 8601). */
  failedAt: string;
  /** Why, in a sentence. */
  reason: string;
  /** The electron package's version then: a new version is tried at once. */
  electronVersion: string;
}

/** How long a failed try is remembered. */
export const RETRY_AFTER_MS = 24 * 60 * 60 * 1000;
/** How long the connect to the download host may take. */
export const CONNECT_TIMEOUT_MS = 10_000;
/** How long Electron's installer may take (it downloads about 100 MB). */
export const INSTALL_TIMEOUT_MS = 300_000;

/**
 * The marker file: in node_modules/.cache, beside the electron package it is about, gone with node_modules;
 * FEDFLOW_CACHE_DIR moves it (tests keep it out of the installation).
 */
export function markerFile(root: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(env.FEDFLOW_CACHE_DIR || join(root, 'node_modules', '.cache', 'fedflow'), 'electron-download.json');
}

/** The marker, or null where there is none or it cannot be read. */
export function readMarker(file: string): DownloadMarker | null {
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as Partial<DownloadMarker>;
    return typeof m.failedAt === 'string' && typeof m.electronVersion === 'string' ? { failedAt: m.failedAt, reason: String(m.reason ?? ''), electronVersion: m.electronVersion } : null;
  } catch {
    return null;
  }
}

function writeMarker(file: string, marker: DownloadMarker): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(marker, null, 2)}\n`);
  } catch {
    // A read-only installation cannot remember; it then tries on every start, as before.
  }
}

/** Whether a remembered failure still holds: less than a day old, for the same electron version. */
export function failureHolds(marker: DownloadMarker | null, electronVersion: string, now: number): boolean {
  if (!marker || marker.electronVersion !== electronVersion) return false;
  const at = Date.parse(marker.failedAt);
  return Number.isFinite(at) && now - at < RETRY_AFTER_MS && now >= at;
}

/** Where the installer downloads from: a proxy where one is set, else Electron's mirror (GitHub by default). */
export function downloadEndpoint(env: NodeJS.ProcessEnv = process.env): { host: string; port: number } {
  const proxy = env.GLOBAL_AGENT_HTTPS_PROXY || env.HTTPS_PROXY || env.https_proxy || env.GLOBAL_AGENT_HTTP_PROXY;
  const source = proxy || env.ELECTRON_MIRROR || env.npm_config_electron_mirror || 'https://github.com/electron/electron/releases/download/';
  try {
    const url = new URL(source);
    return { host: url.hostname, port: Number(url.port) || (url.protocol === 'http:' ? 80 : 443) };
  } catch {
    return { host: 'github.com', port: 443 };
  }
}

/** Opens a TCP connection; node's net.connect, or a stand-in in tests. */
export type Connect = (options: { host: string; port: number }) => Socket;

/** Whether `host:port` accepts a TCP connection within `timeoutMs`: null if so, else why not. */
export function probeConnect(host: string, port: number, timeoutMs = CONNECT_TIMEOUT_MS, connect: Connect = netConnect): Promise<string | null> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    const finish = (reason: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      done(reason);
    };
    const timer = setTimeout(() => finish(`${host}:${port} did not answer within ${timeoutMs / 1000} s`), timeoutMs);
    socket.once('connect', () => finish(null));
    socket.once('error', (e: NodeJS.ErrnoException) => finish(`cannot reach ${host}:${port} (${e.code ?? e.message})`));
  });
}

/** Whether @electron/get already holds this version's zip in its cache, so no network is needed. */
export function cachedDownload(electronVersion: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const cacheRoot =
    env.electron_config_cache ||
    (process.platform === 'darwin'
      ? join(homedir(), 'Library', 'Caches', 'electron')
      : process.platform === 'win32'
        ? join(env.LOCALAPPDATA || join(homedir(), 'AppData', 'Local'), 'electron', 'Cache')
        : join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'electron'));
  const wanted = `electron-v${electronVersion}-`;
  try {
    return readdirSync(cacheRoot, { withFileTypes: true }).some(
      (entry) => entry.name.startsWith(wanted) || (entry.isDirectory() && readdirSync(join(cacheRoot, entry.name)).some((f) => f.startsWith(wanted))),
    );
  } catch {
    return false;
  }
}

/** Runs Electron's installer (`node install.js`); resolves null when it succeeded, else why not. */
export function runInstaller(installer: string, timeoutMs = INSTALL_TIMEOUT_MS): Promise<string | null> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [installer], { stdio: ['ignore', 'ignore', 'pipe'], timeout: timeoutMs });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
    child.on('error', (e) => done(e.message));
    child.on('close', (code, signal) => {
      if (code === 0) return done(null);
      const line = stderr.split('\n').find((l) => /error/i.test(l))?.trim();
      done(signal ? `the installer took longer than ${timeoutMs / 1000} s` : (line ?? `the installer exited with code ${code}`));
    });
  });
}

/** What fetching needs; each part can be replaced in tests. */
export interface ElectronFetch {
  /** Electron's install.js. */
  installer: string;
  /** The electron package's version. */
  electronVersion: string;
  /** Where the failed try is remembered. */
  marker: string;
  /** Try even though a failure is remembered (`--retry-download`). */
  retry?: boolean;
  now?: () => number;
  /** Whether the network answers: null if so, else why not. */
  probe?: () => Promise<string | null>;
  /** Whether the download can skip the network (a cached zip). */
  cached?: () => boolean;
  /** Runs the installer: null when it succeeded, else why not. */
  install?: (installer: string) => Promise<string | null>;
  /** The binary, once installed (null while missing). */
  binary: () => string | null;
}

/**
 * Fetches Electron's binary unless a recent failure is remembered; returns the binary, or null with the
 * failure remembered and said on `err`.
 */
export async function fetchElectron(f: ElectronFetch, err: (line: string) => void): Promise<string | null> {
  const now = f.now ?? Date.now;
  const previous = readMarker(f.marker);
  if (!f.retry && failureHolds(previous, f.electronVersion, now())) {
    err(`Not fetching Electron's binary: the last try, at ${previous!.failedAt}, failed (${previous!.reason}). It is tried again a day later, or now with \`npm start -- --retry-download\`.`);
    return null;
  }
  const fail = (reason: string): null => {
    writeMarker(f.marker, { failedAt: new Date(now()).toISOString(), reason, electronVersion: f.electronVersion });
    err(`Could not fetch it: ${reason}. Not tried again for a day (or run \`npm start -- --retry-download\`).`);
    return null;
  };
  err(`Fetching Electron's binary (v${f.electronVersion}, about 100 MB)…`);
  if (!(f.cached ?? (() => cachedDownload(f.electronVersion)))()) {
    const { host, port } = downloadEndpoint();
    const unreachable = await (f.probe ?? (() => probeConnect(host, port)))();
    if (unreachable) return fail(`no internet access: ${unreachable}`);
  }
  const failed = await (f.install ?? runInstaller)(f.installer);
  const binary = f.binary();
  if (binary) return binary;
  return fail(failed ?? 'the installer finished but the binary is missing');
}

/** The electron package's install.js and version, or null where the package is not there. */
export function electronPackage(dir: string): { installer: string; version: string } | null {
  const installer = join(dir, 'install.js');
  if (!existsSync(installer)) return null;
  try {
    const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
    return { installer, version };
  } catch {
    return null;
  }
}

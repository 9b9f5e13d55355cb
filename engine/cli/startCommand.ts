/**
 * `fedflow start` (what `npm start` runs): the desktop app where Electron's binary is installed, else the
 * web studio. The binary is found the way the electron package finds it (its path.txt), without
 * importing the package, whose install step would try to download it.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { packageRoot } from '../host/packagePaths.js';
import type { CliOptions } from './cliArgs.js';
import { electronPackage, fetchElectron, markerFile } from './electronDownload.js';
import { missingRendererMessage, studioCommand } from './studioCommand.js';

/** The electron package's folder, or null where it is not installed. */
function electronDir(): string | null {
  try {
    return dirname(createRequire(join(packageRoot(), 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** The Electron executable, or null where the electron package or its binary is missing. */
export function electronBinary(): string | null {
  const dir = electronDir();
  if (!dir) return null;
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const executable = readFileSync(pathFile, 'utf8').trim();
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(dir, 'dist');
  const binary = join(distDir, executable);
  return executable && existsSync(binary) ? binary : null;
}

/**
 * Electron's binary, fetched with the electron package's own installer where it is missing (see
 * electronDownload.ts: at most once a day unless `retry`); null where it cannot be had.
 * FEDFLOW_ELECTRON_DOWNLOAD=0 turns fetching off.
 */
async function findOrFetchElectron(retry: boolean, err: (line: string) => void): Promise<string | null> {
  const found = electronBinary();
  if (found || process.env.FEDFLOW_ELECTRON_DOWNLOAD === '0') return found;
  const dir = electronDir();
  const pkg = dir ? electronPackage(dir) : null;
  if (!pkg) return null;
  return fetchElectron({ installer: pkg.installer, electronVersion: pkg.version, marker: markerFile(packageRoot()), retry, binary: electronBinary }, err);
}

/** The compiled Electron main process. */
export function electronMain(): string {
  return join(packageRoot(), 'dist', 'electron', 'main.js');
}

/** Launches the desktop app, or the web studio where Electron cannot start; returns the exit code. */
export async function startCommand(opts: Pick<CliOptions, 'port' | 'dir'> & { retryDownload?: boolean }, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const binary = await findOrFetchElectron(opts.retryDownload ?? false, err);
  if (!binary) {
    err(
      "Electron's binary is not installed (node_modules/electron/path.txt is missing), so FedFlow Studio opens in your browser instead.\n" +
        'To get the desktop app, run `node node_modules/electron/install.js` on a machine with internet access (or `npm start -- --retry-download`).',
    );
    return studioCommand(opts, out, err);
  }
  if (!existsSync(electronMain())) {
    err('The desktop app is not compiled (dist/electron/main.js is missing): run `npm run build`. FedFlow Studio opens in your browser instead.');
    return studioCommand(opts, out, err);
  }
  const missing = missingRendererMessage();
  if (missing) {
    err(missing);
    return 1;
  }
  const child = spawn(binary, [electronMain()], { stdio: 'inherit', cwd: opts.dir ?? process.cwd() });
  // Ctrl+C reaches Electron too (same process group); this only keeps us alive until it has quit.
  const ignore = () => undefined;
  process.on('SIGINT', ignore);
  return await new Promise<number>((done) => {
    child.on('error', (e) => {
      err(`Electron could not start: ${e.message}`);
      done(1);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', ignore);
      done(code ?? (signal ? 130 : 1));
    });
  });
}

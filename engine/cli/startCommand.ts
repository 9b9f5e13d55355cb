/**
 * `fedflow start` (what `npm start` runs): the desktop app where Electron's binary is installed, else the
 * web studio. The binary is found the way the electron package finds it (its path.txt), without
 * importing the package, whose install step would try to download it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { packageRoot } from '../host/packagePaths.js';
import type { CliOptions } from './cliArgs.js';
import { missingRendererMessage, studioCommand } from './studioCommand.js';

/** The Electron executable, or null where the electron package or its binary is missing. */
export function electronBinary(): string | null {
  let dir: string;
  try {
    dir = dirname(createRequire(join(packageRoot(), 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const executable = readFileSync(pathFile, 'utf8').trim();
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(dir, 'dist');
  const binary = join(distDir, executable);
  return executable && existsSync(binary) ? binary : null;
}

/**
 * Fetches Electron's binary with the electron package's own installer. npm's allowScripts keeps that
 * installer out of `npm install` (where only the npm registry is reachable it fails, and the install must
 * stay green), so the first `npm start` on a machine with internet access runs it instead. Offline it
 * fails at once. FEDFLOW_ELECTRON_DOWNLOAD=0 turns it off.
 */
function fetchElectron(err: (line: string) => void): string | null {
  if (process.env.FEDFLOW_ELECTRON_DOWNLOAD === '0') return null;
  let installer: string;
  try {
    installer = join(dirname(createRequire(join(packageRoot(), 'package.json')).resolve('electron/package.json')), 'install.js');
  } catch {
    return null;
  }
  if (!existsSync(installer)) return null;
  err("Fetching Electron's binary (once)…");
  const result = spawnSync(process.execPath, [installer], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
  const binary = electronBinary();
  if (!binary) {
    const reason = result.stderr?.toString().split('\n').find((line) => /error/i.test(line))?.trim() ?? result.error?.message;
    err(`Could not fetch it (no internet access?)${reason ? `: ${reason}` : '.'}`);
  }
  return binary;
}

/** The compiled Electron main process. */
export function electronMain(): string {
  return join(packageRoot(), 'dist', 'electron', 'main.js');
}

/** Launches the desktop app, or the web studio where Electron cannot start; returns the exit code. */
export async function startCommand(opts: Pick<CliOptions, 'port' | 'dir'>, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const binary = electronBinary() ?? fetchElectron(err);
  if (!binary) {
    err(
      "Electron's binary is not installed (node_modules/electron/path.txt is missing), so FedFlow Studio opens in your browser instead.\n" +
        'To get the desktop app, run `node node_modules/electron/install.js` on a machine with internet access.',
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

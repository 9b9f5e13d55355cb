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

/** The compiled Electron main process. */
export function electronMain(): string {
  return join(packageRoot(), 'dist', 'electron', 'main.js');
}

/** Launches the desktop app, or the web studio where Electron cannot start; returns the exit code. */
export async function startCommand(opts: Pick<CliOptions, 'port' | 'dir'>, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const binary = electronBinary();
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

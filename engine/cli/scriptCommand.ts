/**
 * `fedflow script <file.ts> [args…]`: runs a TypeScript script with this installation's tsx, its
 * `import … from 'fedflow-studio'` resolved to this installation (scriptHooks.ts). This is how an exported
 * script runs from any folder on a machine that has FedFlow: no project to set up, nothing to install
 * next to the script, and the script runs the very engine `fedflow run` runs, so it gives the same numbers.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { packageRoot } from '../host/packagePaths.js';
import { UsageError } from './cliArgs.js';

/** tsx's loader in this installation, as a URL for `node --import`, or null where tsx is not installed. */
export function tsxLoader(): string | null {
  try {
    return import.meta.resolve('tsx');
  } catch {
    return null;
  }
}

/** The module that registers the script hooks, as a URL for `node --import`. */
export const SCRIPT_LOADER = new URL('./scriptLoader.js', import.meta.url).href;

/** The node arguments that run `file` as fedflow script does, with `args` after it. */
export function scriptNodeArgs(tsx: string, file: string, args: readonly string[]): string[] {
  return ['--import', tsx, '--import', SCRIPT_LOADER, resolve(file), ...args];
}

const SIGNAL_CODES: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143, SIGKILL: 137 };

/** Runs the script in a child node process, its output and exit code passed through; returns the exit code. */
export async function scriptCommand(file: string, args: readonly string[], err: (line: string) => void): Promise<number> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`No such file: ${file}`, 'script');
  const tsx = tsxLoader();
  if (!tsx) {
    err(`fedflow script runs TypeScript with tsx, which is not installed in ${packageRoot()}: run \`npm install\` there.`);
    return 1;
  }
  const child = spawn(process.execPath, scriptNodeArgs(tsx, file, args), { stdio: 'inherit' });
  // Ctrl+C reaches the script too (same process group) and the script cancels its run cleanly; this
  // process only waits for it.
  const ignore = () => undefined;
  process.on('SIGINT', ignore);
  try {
    return await new Promise<number>((done) => {
      child.on('error', (e) => {
        err(`fedflow: could not start node for the script: ${e.message}`);
        done(1);
      });
      child.on('exit', (code, signal) => done(code ?? (signal ? (SIGNAL_CODES[signal] ?? 1) : 1)));
    });
  } finally {
    process.off('SIGINT', ignore);
  }
}

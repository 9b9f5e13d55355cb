/** Running node and the `fedflow` command as a user would, from the repository root, collecting output. */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from dist/test/helpers. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The signal that ended the child (SIGKILL after a timeout), or null. */
  signal?: NodeJS.Signals | null;
}

/** Collects a spawned child's output (spawned with stdout and stderr piped) until it closes. */
export function collect(child: ChildProcess): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, stdout, stderr, signal }));
  });
}

/** Runs `node ...args` and collects its output; with `timeoutMs`, a child still running then is killed (code null). */
export function node(args: string[], cwd = ROOT, timeoutMs?: number): Promise<Spawned> {
  return collect(spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], ...(timeoutMs ? { timeout: timeoutMs, killSignal: 'SIGKILL' as const } : {}) }));
}

/** `node bin/fedflow.js ...args` in the repository root. */
export function fedflow(...args: string[]): Promise<Spawned> {
  return node(['bin/fedflow.js', ...args]);
}

/** Running node and the `fedflow` command as a user would, from the repository root, collecting output. */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from dist/test/helpers. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node ...args` and collects its output; with `timeoutMs`, a child still running then is killed (code null). */
export function node(args: string[], cwd = ROOT, timeoutMs?: number): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], ...(timeoutMs ? { timeout: timeoutMs, killSignal: 'SIGKILL' as const } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `node bin/fedflow.js ...args` in the repository root. */
export function fedflow(...args: string[]): Promise<Spawned> {
  return node(['bin/fedflow.js', ...args]);
}

/**
 * Runs one of the bench's child scripts (dist/bench/<file>) in a process of its own with a JSON argument
 * and returns the JSON of its last stdout line: for figures that must not share a process (peak RSS, or
 * processes that must share nothing).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchContext } from './context.js';

/** `what` names the run in the error when the child fails or prints no result. */
export function runBenchChild<T>(ctx: BenchContext, file: string, input: unknown, what: string): Promise<T> {
  const child = fileURLToPath(new URL(`./${file}`, import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [child, JSON.stringify(input)], { cwd: ctx.root, maxBuffer: 16 * 2 ** 20 }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`${what} failed: ${stderr.trim().split('\n').slice(-3).join(' / ') || err.message}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as T);
      } catch (e) {
        reject(new Error(`${what} printed no result (${(e as Error).message})`));
      }
    });
  });
}

/** The Node flags a worker thread of ours starts with. */

/**
 * This process's flags without `--input-type`: a process started with `node -e` (a one-liner, a test's
 * child) passes it to its threads, and Node refuses it for a worker loaded from a file.
 */
export function workerExecArgv(): string[] {
  return process.execArgv.filter((a) => !a.startsWith('--input-type'));
}

/** `fedflow sweep`. */
import type { CliOptions } from './cliArgs.js';
/** Runs a sweep; returns the exit code. */
export async function sweepCommand(_opts: CliOptions, _out: (line: string) => void, err: (line: string) => void): Promise<number> {
  err('not yet');
  return 1;
}

/** What every measurement gets: the parsed flags, the repository root and the workloads. */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchArgs } from './args.js';
import { workloads, type Workload } from './workloads.js';

export interface BenchContext {
  args: BenchArgs;
  /** The repository root (this file runs from dist/bench/). */
  root: string;
  cores: number;
  workloads: Workload[];
  /** Progress lines go to stderr so stdout stays the table. */
  log: (message: string) => void;
}

export function benchContext(args: BenchArgs): BenchContext {
  return {
    args,
    root: fileURLToPath(new URL('../../', import.meta.url)),
    cores: availableParallelism(),
    workloads: workloads(args.quick, args.backend),
    log: (m) => process.stderr.write(`  … ${m}\n`),
  };
}

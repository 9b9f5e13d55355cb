/** Where the figures were measured: commit, Node, CPU, cores, backend and mode. */
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';
import type { BenchArgs } from './args.js';

export interface Environment {
  timestamp: string;
  commit: string | null;
  /** Whether the working tree had uncommitted changes (null where git is unavailable). */
  dirty: boolean | null;
  node: string;
  platform: string;
  cpu: string;
  cores: number;
  memoryGB: number;
  /** The 1-minute load average when the bench started: above 0 means others were using the CPUs. */
  loadAverage: number;
  backend: string;
  quick: boolean;
  only: string[];
  /** Filled in at the end. */
  durationMs: number;
}

function git(root: string, args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
  } catch {
    return null;
  }
}

export function environment(root: string, args: BenchArgs): Environment {
  const status = git(root, ['status', '--porcelain', '--untracked-files=no']);
  return {
    timestamp: new Date().toISOString(),
    commit: git(root, ['rev-parse', 'HEAD']),
    dirty: status === null ? null : status.length > 0,
    node: process.version,
    platform: `${platform()} ${release()}`,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: Math.round(loadavg()[0] * 100) / 100,
    backend: args.backend,
    quick: args.quick,
    only: args.only,
    durationMs: 0,
  };
}

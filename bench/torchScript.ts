/**
 * Runs the bench's PyTorch reference scripts (bench/pytorch_*.py) on one thread, where some Python can
 * import torch, and reads the one JSON line each prints.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { BenchContext } from './context.js';
import { cpuSnapshot, cpuUse } from './cpuMeter.js';

export const NOT_INSTALLED = 'PyTorch: not installed (apt-get install python3-torch libopenblas0-pthread to compare)';

/** What every script prints (pytorch_common.py's `report`), plus the Python that ran it. */
export interface TorchResult {
  /** Rows ÷ the median timed epoch (the bench's own figures use the median too). */
  samplesPerSec: number;
  meanSamplesPerSec: number;
  /** Rows ÷ the script's CPU time over the timed epochs: steadier than wall time on a shared machine. */
  samplesPerCpuSec: number;
  epochMs: number[];
  rows: number;
  batch: number;
  threads: number;
  torch: string;
  /** The BLAS library the script's process loaded. */
  blas: string;
  model: string;
  clients?: number;
  python: string;
}

/** A script's result, or why there is none; `others`: cores the rest of the machine used meanwhile. */
export type TorchRun = { result: TorchResult; others: number | null } | { result: null; why: string; others: null };

function run(cmd: string, args: string[], timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' } }, (err, stdout) => resolve(err ? null : stdout));
  });
}

/**
 * Whether PyTorch ran on netlib's reference BLAS (Debian's libblas3, what libblas.so.3 points at without
 * OpenBLAS): its matrix products are ~10× slower than OpenBLAS's, so a ratio against it flatters us.
 */
export function onReferenceBlas(r: TorchResult): boolean {
  return r.blas !== 'unknown' && !/openblas|mkl|blis|atlas/i.test(r.blas);
}

export const REFERENCE_BLAS = 'PyTorch on the reference BLAS (~10× slow): install libopenblas0-pthread';

let found: Promise<string | null> | null = null;

/** The first Python that can import torch: $PYTHON, python3 on the PATH, then Debian's /usr/bin/python3 (looked up once). */
export function pythonWithTorch(): Promise<string | null> {
  found ??= (async () => {
    const candidates = [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
    for (const py of [...new Set(candidates)]) {
      if ((await run(py, ['-c', 'import torch'], 60_000)) !== null) return py;
    }
    return null;
  })();
  return found;
}

/** Runs bench/<script> with the flags; a missing torch or a failed script is a reason, not an error. */
export async function runTorchScript(ctx: BenchContext, script: string, flags: Record<string, number>): Promise<TorchRun> {
  const py = await pythonWithTorch();
  if (!py) return { result: null, why: NOT_INSTALLED, others: null };
  ctx.log(`PyTorch ${script} with ${py}`);
  const args = [join(ctx.root, 'bench', script), ...Object.entries(flags).flatMap(([k, v]) => [`--${k}`, String(v)])];
  const before = cpuSnapshot();
  const out = await run(py, args, 600_000);
  // The child's CPU is not ours, so everything busy beyond its one core is someone else's.
  const machine = cpuUse(before, cpuSnapshot());
  try {
    const result = { ...(JSON.parse(out?.trim().split('\n').at(-1) ?? '') as Omit<TorchResult, 'python'>), python: py };
    return { result, others: machine.others === null ? null : Math.max(0, machine.others - 1) };
  } catch {
    return { result: null, why: `PyTorch: ${script} printed no result`, others: null };
  }
}

/**
 * Measurement 5: our centralized MLP against PyTorch on one thread, where Debian's python3-torch (or any
 * torch) is importable. Same model, optimizer, batch and number of rows; PyTorch gets random data of
 * MNIST's shape (its speed does not depend on the values).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { centralized } from './centralized.js';
import type { BenchContext } from './context.js';
import { cpuSnapshot, cpuUse } from './cpuMeter.js';
import { fmt, goal, markBusy, type Section } from './report.js';
import { BENCH_SEED } from './workloads.js';

export const PYTORCH_GOAL = 0.5;
const NOT_INSTALLED = 'PyTorch: not installed (apt-get install python3-torch libopenblas0-pthread to compare)';

interface TorchResult {
  samplesPerSec: number;
  epochMs: number[];
  rows: number;
  batch: number;
  threads: number;
  torch: string;
  python: string;
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, env: { ...process.env, OMP_NUM_THREADS: '1' } }, (err, stdout) => resolve(err ? null : stdout));
  });
}

/** The first Python that can import torch: $PYTHON, python3 on the PATH, then Debian's /usr/bin/python3. */
async function pythonWithTorch(): Promise<string | null> {
  const candidates = [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
  for (const py of [...new Set(candidates)]) {
    if ((await run(py, ['-c', 'import torch'], 60_000)) !== null) return py;
  }
  return null;
}

export async function pytorchBench(ctx: BenchContext): Promise<Section> {
  const mlp = ctx.workloads.find((w) => w.name === 'mlp')!;
  const ours = await centralized(mlp, ctx.args.backend);
  const title = `5. Against PyTorch (MLP, 1 thread, ${fmt(mlp.rows)} rows, batch 32)`;
  const py = await pythonWithTorch();
  let torch: TorchResult | null = null;
  let error: string | null = null;
  let torchOthers: number | null = null;
  if (py) {
    ctx.log(`PyTorch MLP with ${py}`);
    const script = join(ctx.root, 'bench', 'pytorch_mlp.py');
    const before = cpuSnapshot();
    const out = await run(py, [script, '--rows', String(mlp.rows), '--seed', String(BENCH_SEED), '--repeats', String(mlp.repeats)], 300_000);
    // The child's CPU is not ours, so everything busy beyond its one core is someone else's.
    const machine = cpuUse(before, cpuSnapshot());
    torchOthers = machine.others === null ? null : Math.max(0, machine.others - 1);
    try {
      torch = { ...(JSON.parse(out?.trim().split('\n').at(-1) ?? '') as Omit<TorchResult, 'python'>), python: py };
    } catch {
      error = 'the PyTorch script printed no result';
    }
  }
  const value = torch ? ours.samplesPerSec / torch.samplesPerSec : null;
  const g = markBusy(
    goal('centralized MLP ÷ PyTorch', value, '>=', PYTORCH_GOAL, torch ? undefined : py ? (error ?? 'failed') : 'no torch'),
    ours.cpu.others,
    torchOthers,
  );
  const rows: Section['rows'] = torch
    ? [
        { label: `PyTorch ${torch.torch} (${torch.threads} thread)`, value: `${fmt(torch.samplesPerSec)} samples/s` },
        { label: `ours, centralized (${ctx.args.backend})`, value: `${fmt(ours.samplesPerSec)} samples/s` },
        { label: 'ours ÷ PyTorch', value: fmt(value!, 2), goal: g },
      ]
    : [{ label: py ? `PyTorch: ${error}` : NOT_INSTALLED, value: '—', goal: g }];
  return { name: 'pytorch', title, rows, others: Math.max(ours.cpu.others ?? 0, torchOthers ?? 0), data: { torch, torchOthers, oursSamplesPerSec: ours.samplesPerSec, ratio: value, goal: g } };
}

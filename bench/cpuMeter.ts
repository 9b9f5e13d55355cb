/**
 * How much CPU this process and everything else on the machine used over a stretch of wall time, so a
 * figure taken on a busy machine can be recognised as such: `others` near a core means the bench shared
 * its CPUs. Machine-wide time comes from /proc/stat (Linux); elsewhere `others` is null.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

export interface CpuSnapshot {
  wallMs: number;
  /** This process's user + system CPU time (all its threads, so the workers too). */
  ownMs: number;
  /** Busy CPU time of the whole machine (all cores), or null where unknown. */
  machineMs: number | null;
}

/** Cores in use on average between two snapshots. */
export interface CpuUse {
  /** By this process (coordinator + workers). */
  own: number;
  /** By everything else on the machine. */
  others: number | null;
  /** This process's CPU time over the stretch, ms. */
  ownMs: number;
}

function machineBusyMs(): number | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal …: busy is everything but idle and iowait.
    const busy = f[0] + f[1] + f[2] + f[5] + f[6] + (f[7] ?? 0);
    return (busy * 1000) / 100; // USER_HZ is 100 on Linux.
  } catch {
    return null;
  }
}

export function cpuSnapshot(): CpuSnapshot {
  const u = process.cpuUsage();
  return { wallMs: performance.now(), ownMs: (u.user + u.system) / 1000, machineMs: machineBusyMs() };
}

export function cpuUse(from: CpuSnapshot, to: CpuSnapshot): CpuUse {
  const wall = to.wallMs - from.wallMs;
  const ownMs = to.ownMs - from.ownMs;
  if (wall <= 0) return { own: 0, others: null, ownMs };
  const own = ownMs / wall;
  const machine = from.machineMs !== null && to.machineMs !== null ? (to.machineMs - from.machineMs) / wall : null;
  return { own: round2(own), others: machine === null ? null : round2(Math.min(cpus().length, Math.max(0, machine - own))), ownMs };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** `cores: ours 1.9, others 0.4` for the table. */
export function describeCpu(use: CpuUse): string {
  return `cores: ours ${use.own.toFixed(1)}${use.others === null ? '' : `, others ${use.others.toFixed(1)}`}`;
}

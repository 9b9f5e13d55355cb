/**
 * Telling whether the process that wrote a run is still there. A run killed with SIGKILL (or a power cut)
 * cannot mark itself ended, so its manifest says `running` for ever; the reader asks whether its writer
 * lives. The writer is named by its pid, its host and, on Linux, its start time in clock ticks since boot
 * (`/proc/<pid>/stat` field 22), so a pid reused by another program after the kill is not mistaken for the
 * writer. We chose this over a heartbeat file: it costs nothing while the run goes (no timer, no writes),
 * and it answers at once after a kill rather than after a missed beat.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { ProcessIdentity } from './runRecordTypes.js';

export type { ProcessIdentity } from './runRecordTypes.js';

/** Whether the writer lives: `alive`, `dead`, or `unknown` when it ran on another host (a shared folder). */
export type Liveness = 'alive' | 'dead' | 'unknown';

/** A process's start time from /proc (Linux), or null elsewhere or when it is gone. */
export function processStartTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : null;
  } catch {
    return null;
  }
}

/** This process's identity. */
export function currentProcess(): ProcessIdentity {
  return { pid: process.pid, host: hostname(), startTicks: processStartTicks(process.pid) };
}

/** Whether the process `who` still runs (see the file's comment for how). */
export function liveness(who: ProcessIdentity): Liveness {
  if (who.host !== hostname()) return 'unknown';
  if (who.pid === process.pid) return who.startTicks === null || who.startTicks === processStartTicks(process.pid) ? 'alive' : 'dead';
  try {
    process.kill(who.pid, 0);
  } catch (e) {
    // EPERM: a process of another user has the pid, so it lives; whether it is ours the start time says.
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return 'dead';
  }
  if (who.startTicks === null) return 'alive';
  const now = processStartTicks(who.pid);
  return now === null || now === who.startTicks ? 'alive' : 'dead';
}

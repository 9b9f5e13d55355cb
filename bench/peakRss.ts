/** A process's own peak memory, for measurements that run in a child process of their own. */
import { readFileSync } from 'node:fs';

/**
 * This process's peak resident set, MB. On Linux, VmHWM: getrusage's maxRSS (process.resourceUsage) keeps
 * the high-water mark of the process that forked this one across exec, so a child of a 300 MB bench
 * reported at least 300 MB whatever it used itself.
 */
export function peakRssMB(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {
    // not Linux: fall back to getrusage
  }
  return process.resourceUsage().maxRSS / 1024;
}

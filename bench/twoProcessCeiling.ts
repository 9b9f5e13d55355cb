/**
 * What this machine gives two independent processes: half of the 10-client round in one process alone,
 * then the same in two processes at once, with nothing shared (no coordinator, no pool). Their summed
 * speed ÷ one alone is the most 2 workers can gain over 1 here: on a VM whose two vCPUs contend for a core,
 * a cache or memory bandwidth it is well under 2, whatever the engine does.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchContext } from './context.js';
import type { Workload } from './workloads.js';

const CHILD = fileURLToPath(new URL('./twoProcessChild.js', import.meta.url));

function child(ctx: BenchContext, w: Workload): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CHILD, JSON.stringify({ workload: w, backend: ctx.args.backend })], { cwd: ctx.root }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`two-process probe failed: ${stderr.trim() || err.message}`));
      resolve((JSON.parse(stdout.trim().split('\n').at(-1)!) as { samplesPerSec: number }).samplesPerSec);
    });
  });
}

/** One process alone and two at once, each training half the round; returns their speeds and the ratio. */
export async function twoProcessCeiling(ctx: BenchContext, w: Workload): Promise<{ alone: number; together: number[]; ceiling: number }> {
  const alone = await child(ctx, w);
  const together = await Promise.all([child(ctx, w), child(ctx, w)]);
  return { alone, together, ceiling: (together[0] + together[1]) / alone };
}

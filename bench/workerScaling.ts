/** Measurement 3: the same 10-client round with 2 workers against 1. */
import type { BenchContext } from './context.js';
import { describeCpu } from './cpuMeter.js';
import { federated } from './federated.js';
import { fmt, goal, markBusy, ratio, type Section } from './report.js';
import { twoProcessCeiling } from './twoProcessCeiling.js';
import type { WorkloadName } from './workloads.js';

/** 2 workers ÷ 1, per workload (issue 13: the MLP's round is short, so its per-round overhead shows more). */
export const SCALING_GOAL: Record<WorkloadName, number> = { mlp: 1.8, cnn: 1.7 };

export async function workerScalingBench(ctx: BenchContext): Promise<Section> {
  const rows: Section['rows'] = [];
  const data = [];
  let others = 0;
  for (const w of ctx.workloads) {
    ctx.log(`federated ${w.name}: 1 worker`);
    const one = await federated(w, ctx.args.backend, 1);
    ctx.log(`federated ${w.name}: 2 workers`);
    const two = await federated(w, ctx.args.backend, 2);
    const speedUp = two.samplesPerSec / one.samplesPerSec;
    // Samples per CPU-second, 2 workers ÷ 1: below 1 means the second worker costs extra CPU (contention, V8 helpers).
    const cpuEfficiency = two.samplesPerCpuSec / one.samplesPerCpuSec;
    const g = markBusy(
      goal(`2-worker speed-up ${w.name}`, ctx.cores >= 2 ? speedUp : null, '>=', SCALING_GOAL[w.name], ctx.cores >= 2 ? undefined : `${ctx.cores} core`),
      one.cpu.others,
      two.cpu.others,
    );
    others = Math.max(others, one.cpu.others ?? 0, two.cpu.others ?? 0);
    ctx.log(`federated ${w.name}: half the round in 1 process, then in 2 at once`);
    const machine = ctx.cores >= 2 ? await twoProcessCeiling(ctx, w) : null;
    data.push({ workload: w.name, oneWorker: one, twoWorkers: two, speedUp, cpuEfficiency, goal: g, twoProcesses: machine });
    rows.push(
      { label: `${w.title}: 1 worker (${describeCpu(one.cpu)})`, value: `${fmt(one.samplesPerSec)} samples/s` },
      { label: `${w.title}: 2 workers (busy ${fmt(two.workerBusy * 100)}%; ${describeCpu(two.cpu)})`, value: `${fmt(two.samplesPerSec)} samples/s` },
      { label: `  CPU efficiency (samples per CPU-second, 2 workers ÷ 1)`, value: ratio(cpuEfficiency) },
      { label: `  speed-up`, value: ratio(speedUp), goal: g },
      { label: `  speed-up, fastest round of each (${fmt(two.bestSamplesPerSec)} ÷ ${fmt(one.bestSamplesPerSec)})`, value: ratio(two.bestSamplesPerSec / one.bestSamplesPerSec) },
    );
    if (machine) {
      rows.push(
        { label: `  this machine's ceiling: 2 independent processes, half the round each, ÷ 1 alone (${fmt(machine.together[0] + machine.together[1])} ÷ ${fmt(machine.alone)})`, value: ratio(machine.ceiling) },
        { label: `  speed-up ÷ that ceiling`, value: ratio(speedUp / machine.ceiling) },
      );
    }
  }
  return { name: 'workerScaling', title: `3. Worker scaling (${ctx.args.backend}, ${ctx.cores} cores)`, rows, data, others };
}

/**
 * Measurement 2: the same rows trained as a 10-client FedAvg round through the real runner with one
 * worker, against centralized training. The breakdown splits the gap into per-client set-up (the same
 * clients trained one after another in the main thread) and the worker/messaging part.
 */
import { centralized } from './centralized.js';
import type { BenchContext } from './context.js';
import { describeCpu } from './cpuMeter.js';
import { federated } from './federated.js';
import { fmt, goal, markBusy, ratio, type Section } from './report.js';
import { FEDERATED_CLIENTS } from './workloads.js';

export const OVERHEAD_GOAL = 1.1;

export async function federationOverheadBench(ctx: BenchContext): Promise<Section> {
  const rows: Section['rows'] = [];
  const data = [];
  let others = 0;
  for (const w of ctx.workloads) {
    const c = await centralized(w, ctx.args.backend);
    ctx.log(`federated ${w.name}: ${FEDERATED_CLIENTS} clients, ${w.rounds} rounds, 1 worker`);
    const f = await federated(w, ctx.args.backend, 1);
    const overhead = c.samplesPerSec / f.samplesPerSec;
    // CPU time is less disturbed by other processes than wall time: the same ratio per CPU-second.
    const cpuOverhead = c.samplesPerCpuSec / f.samplesPerCpuSec;
    const g = markBusy(goal(`federation overhead ${w.name}`, overhead, '<=', OVERHEAD_GOAL), c.cpu.others, f.cpu.others);
    others = Math.max(others, c.cpu.others ?? 0, f.cpu.others ?? 0);
    data.push({
      workload: w.name,
      centralizedSamplesPerSec: c.samplesPerSec,
      sequentialClientsSamplesPerSec: c.sequentialClients.samplesPerSec,
      federated: f,
      overhead,
      cpuOverhead,
      goal: g,
    });
    rows.push(
      { label: `${w.title}: ${FEDERATED_CLIENTS} clients, 1 worker, rounds 2..${f.rounds} (${describeCpu(f.cpu)})`, value: `${fmt(f.samplesPerSec)} samples/s` },
      { label: `  round wall time (median; round 1 incl. start-up ${fmt(f.firstRoundMs)} ms)`, value: `${fmt(f.medianRoundMs)} ms` },
      { label: `  in-worker training speed (worker busy ${fmt(f.workerBusy * 100)}%)`, value: `${fmt(f.inWorkerSamplesPerSec)} samples/s` },
      { label: `  same ${FEDERATED_CLIENTS} clients one after another, main thread`, value: `${fmt(c.sequentialClients.samplesPerSec)} samples/s` },
      { label: `  same ratio in samples per CPU-second (${fmt(c.samplesPerCpuSec)} ÷ ${fmt(f.samplesPerCpuSec)})`, value: ratio(cpuOverhead) },
      { label: `  federation overhead (centralized ÷ federated)`, value: ratio(overhead), goal: g },
    );
  }
  return { name: 'federationOverhead', title: `2. Federation overhead (${ctx.args.backend})`, rows, data, others };
}

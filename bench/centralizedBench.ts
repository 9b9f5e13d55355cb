/** Measurement 1: centralized training speed on the chosen backend. */
import { centralized } from './centralized.js';
import type { BenchContext } from './context.js';
import { describeCpu } from './cpuMeter.js';
import { fmt, type Section } from './report.js';
import { skippedWorkloads } from './workloads.js';

export async function centralizedBench(ctx: BenchContext): Promise<Section> {
  const rows: Section['rows'] = [];
  const data = [];
  for (const w of ctx.workloads) {
    ctx.log(`centralized ${w.name}: 1 client × ${w.rows} rows`);
    const r = await centralized(w, ctx.args.backend);
    data.push(r);
    rows.push({
      label: `${w.title}, 1 client × ${fmt(r.rows)} rows, 1 epoch (median of ${r.epochMs.length}; ${describeCpu(r.cpu)})`,
      value: `${fmt(r.samplesPerSec)} samples/s`,
    });
  }
  for (const note of skippedWorkloads(ctx.args.backend)) rows.push({ label: note, value: '—' });
  const others = Math.max(...data.map((r) => r.cpu.others ?? 0));
  return { name: 'centralized', title: `1. Centralized training (${ctx.args.backend}, main thread)`, rows, data, others };
}

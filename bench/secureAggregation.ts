/**
 * Secure aggregation: the time and bytes of one whole round (keys, sealed shares, masked updates, unmasking)
 * for 10, 100 and 1,000 simulated clients of the seed MLP's 109,386 weights, all in this thread. The cost
 * does not depend on the values, so every client sends the same seeded random update (which also keeps
 * 1,000 clients' inputs to one vector in memory). 10 clients use the complete graph (Bonawitz et al.);
 * 100 and 1,000 use SecAgg+'s sparse graph of degree 2⌈log₂ n⌉, the default — the complete graph at 1,000
 * would need 999 mask expansions a client.
 */
import { Rng } from '../engine/random/rng.js';
import { secureSum, type GraphChoice } from '../engine/secagg/index.js';
import type { BenchContext } from './context.js';
import { cpuSnapshot, cpuUse } from './cpuMeter.js';
import { fmt, type Section } from './report.js';

/** The seed MLP's weight count (784·128 + 128 + 128·64 + 64 + 64·10 + 10). */
const MLP_WEIGHTS = 109_386;

interface Case {
  clients: number;
  graph: 'complete' | 'sparse';
  dropped: number;
}

const CASES: Case[] = [
  { clients: 10, graph: 'complete', dropped: 0 },
  { clients: 100, graph: 'sparse', dropped: 0 },
  { clients: 100, graph: 'sparse', dropped: 5 },
  { clients: 1000, graph: 'sparse', dropped: 0 },
];

export async function secureAggregationBench(ctx: BenchContext): Promise<Section> {
  const rng = new Rng(7);
  const update = Float32Array.from({ length: MLP_WEIGHTS }, () => rng.normal(0, 0.01));
  const plainBytes = 4 * MLP_WEIGHTS;
  const rows: Section['rows'] = [];
  const data = [];
  const before = cpuSnapshot();
  const cases = ctx.args.quick ? CASES.filter((c) => c.clients <= 100) : CASES;
  for (const c of cases) {
    ctx.log(`secure aggregation: ${c.clients} clients, ${c.graph} graph, ${c.dropped} dropped`);
    const graph: GraphChoice | undefined = c.graph === 'complete' ? { kind: 'complete' } : undefined;
    const dropAfterShareKeys = Array.from({ length: c.dropped }, (_, i) => (i * 17 + 3) % c.clients);
    const result = await secureSum(new Array<Float32Array>(c.clients).fill(update), { range: 1, graph, dropAfterShareKeys });
    const s = result.stats;
    data.push({ ...c, weights: MLP_WEIGHTS, ...s, plainBytes });
    rows.push({
      label: `${fmt(c.clients)} clients, ${c.graph} graph (degree ${s.degree}, threshold ${s.threshold})${c.dropped ? `, ${c.dropped} dropped` : ''}: a round`,
      value: `${fmt(s.milliseconds / 1000, 2)} s`,
    });
    rows.push({
      label: `  per client: upload ${fmt(s.uploadBytesPerClient / 1024, 1)} KiB (${fmt(s.uploadBytesPerClient / plainBytes, 3)}× the plain update), download ${fmt(s.downloadBytesPerClient / 1024, 1)} KiB`,
      value: `${fmt(s.milliseconds / c.clients, 1)} ms/client`,
    });
  }
  const cpu = cpuUse(before, cpuSnapshot());
  return { name: 'secureAggregation', title: `Secure aggregation (SecAgg+ / Bonawitz double masking), ${fmt(MLP_WEIGHTS)} weights, one thread`, rows, data, others: cpu.others };
}

/**
 * The simulated clock's real cost: in one run, the same clients train the same steps twice a round — once
 * as plain clients, once with simulated phones (no deadline, so the work is the same) — and the two
 * federations' median round times are compared. The clock is arithmetic per client; it should not show.
 */
import { FORMAT_TAG, pipelineDocument } from '../engine/format/pipeline.js';
import { runPipeline } from '../engine/run/run.js';
import type { BenchContext } from './context.js';
import { mnistParams } from './pipeline.js';
import { fmt, goal, ratio, type Section } from './report.js';

/** Round time with simulated devices ÷ without, in the same run. */
export const CLOCK_COST_GOAL = 1.05;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function simulatedClockBench(ctx: BenchContext): Promise<Section> {
  const rounds = ctx.args.quick ? 4 : 10;
  const client = { localEpochs: 1, batchSize: 32, learningRate: 0.05 };
  const edge = (source: string, sh: string, target: string, th: string) => ({ id: `${source}-${target}`, source, sourceHandle: sh, target, targetHandle: th });
  const doc = pipelineDocument.parse({
    format: FORMAT_TAG,
    name: 'simulated clock cost',
    seed: 1,
    nodes: [
      { id: 'data', kind: 'dataset', params: mnistParams(4000) },
      { id: 'split', kind: 'split', params: { method: 'iid', numClients: 10 } },
      { id: 'model', kind: 'model', params: { arch: 'mlp', hidden: [128, 64] } },
      { id: 'plain', kind: 'client', params: client },
      { id: 'phones', kind: 'client', params: { ...client, devices: 'phones' } },
      { id: 'aggPlain', kind: 'aggregator', params: { strategy: 'FedAvg', rounds } },
      { id: 'aggPhones', kind: 'aggregator', params: { strategy: 'FedAvg', rounds } },
    ],
    edges: [
      edge('data', 'data', 'split', 'data'),
      ...['plain', 'phones'].flatMap((c) => [edge('split', 'clients', c, 'clients'), edge('model', 'model', c, 'model')]),
      edge('plain', 'updates', 'aggPlain', 'updates'),
      edge('phones', 'updates', 'aggPhones', 'updates'),
    ],
  });
  ctx.log(`simulated clock: ${rounds} rounds, plain clients beside simulated phones`);
  const summary = await runPipeline(doc, { baseDir: ctx.root, backend: ctx.args.backend });
  // Round 1 includes worker start-up; the rest are comparable.
  const ms = (id: string) => median(summary.federations.find((f) => f.aggregatorId === id)!.history.slice(1).map((r) => r.ms));
  const plain = ms('aggPlain');
  const phones = ms('aggPhones');
  const cost = phones / plain;
  return {
    name: 'simulatedClock',
    title: 'The simulated clock: the same round with and without simulated devices, one run',
    rows: [
      { label: 'median round, plain clients', value: `${fmt(plain)} ms` },
      { label: 'median round, simulated phones', value: `${fmt(phones)} ms` },
      { label: 'with devices ÷ without', value: ratio(cost), goal: goal('simulated clock cost', cost, '<=', CLOCK_COST_GOAL) },
    ],
    data: { rounds, plainMedianMs: plain, phonesMedianMs: phones, cost },
  };
}

/**
 * One many-clients scenario in a process of its own, so that its peak RSS (main thread and workers share
 * the process) is its own. Started by manyClients.ts with a JSON scenario; prints one JSON line.
 */
import { runPipeline } from '../engine/run/run.js';
import { peakRssMB } from './peakRss.js';
import { benchPipeline } from './pipeline.js';
import type { CpuUse } from './cpuMeter.js';
import { RoundTimer } from './roundTimer.js';
import { BENCH_SEED, CLIENT } from './workloads.js';

export interface ManyClientsScenario {
  backend: string;
  clients: number;
  fraction: number;
  rounds: number;
  workers: number;
  dataset: Record<string, unknown>;
}

export interface ManyClientsOutcome {
  scenario: ManyClientsScenario;
  trainRows: number;
  /** From the start call to the `run-started` event: loading, splitting, planning. */
  planMs: number;
  sampledPerRound: number;
  examplesPerRound: number;
  meanRoundMs: number;
  medianRoundMs: number;
  firstRoundMs: number;
  /** Peak resident set of the whole process (coordinator + workers), MB. */
  peakRssMB: number;
  /** Cores used over the timed rounds, by this process and by the rest of the machine. */
  cpu: CpuUse;
  perRound: { round: number; wallMs: number; clients: number; examples: number }[];
}

async function main(): Promise<void> {
  const scenario = JSON.parse(process.argv[2] ?? '{}') as ManyClientsScenario;
  const doc = benchPipeline({
    name: `bench ${scenario.clients} clients`,
    seed: BENCH_SEED,
    dataset: scenario.dataset,
    split: { method: 'quantity', numClients: scenario.clients },
    model: { arch: 'logistic' },
    client: { ...CLIENT, fraction: scenario.fraction },
    rounds: scenario.rounds,
  });
  const timer = new RoundTimer();
  const t0 = performance.now();
  let planMs = 0;
  let trainRows = 0;
  await runPipeline(doc, { baseDir: process.cwd(), backend: scenario.backend as 'wasm', workers: scenario.workers }, (e) => {
    if (e.type === 'run-started') {
      planMs = performance.now() - t0;
      trainRows = e.partitions[0]?.labelCounts.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0) ?? 0;
    }
    timer.listener(e);
  });
  const s = timer.summary();
  const outcome: ManyClientsOutcome = {
    scenario,
    trainRows,
    planMs,
    sampledPerRound: s.timed.length ? s.timed.reduce((a, r) => a + r.clients, 0) / s.timed.length : 0,
    examplesPerRound: s.timed.length ? s.examples / s.timed.length : 0,
    meanRoundMs: s.meanRoundMs,
    medianRoundMs: s.medianRoundMs,
    firstRoundMs: s.rounds[0]?.wallMs ?? 0,
    peakRssMB: peakRssMB(),
    cpu: s.cpu,
    perRound: s.rounds.map((r) => ({ round: r.round, wallMs: r.wallMs, clients: r.clients, examples: r.examples })),
  };
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});

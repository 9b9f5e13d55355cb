/**
 * `npm run bench`: measures training speed, federation overhead, worker scaling, many-client rounds,
 * (where installed) PyTorch, the validation time of large documents, update compression and secure
 * aggregation, prints a table and writes every figure to bench-results/. It measures; it never fails
 * because a goal is not met.
 */
import { resolve } from 'node:path';
import { parseArgs, type BenchName } from './args.js';
import { backendComparisonBench } from './backendComparison.js';
import { centralizedBench } from './centralizedBench.js';
import { clientDriftBench } from './scaffoldDrift.js';
import { compressionBench } from './compression.js';
import { convolutionBatchingBench } from './convolutionBatching.js';
import { poisoningBench } from './poisoning.js';
import { queueOverheadBench } from './queueOverhead.js';
import { secureAggregationBench } from './secureAggregation.js';
import { runStoreListingBench } from './runStoreListing.js';
import { simulatedClockBench } from './simulatedClock.js';
import { benchContext, type BenchContext } from './context.js';
import { environment } from './environment.js';
import { federationOverheadBench } from './federationOverhead.js';
import { manyClientsBench } from './manyClients.js';
import { pytorchBench } from './pytorch.js';
import { renderTable, writeReport, type BenchReport, type Goal, type Section } from './report.js';
import { validationBench } from './validation.js';
import { workerScalingBench } from './workerScaling.js';

const BENCHES: Record<BenchName, (ctx: BenchContext) => Promise<Section>> = {
  centralized: centralizedBench,
  federationOverhead: federationOverheadBench,
  workerScaling: workerScalingBench,
  manyClients: manyClientsBench,
  pytorch: pytorchBench,
  convolutions: convolutionBatchingBench,
  backends: (ctx) => backendComparisonBench(ctx, 'backends'),
  clientDrift: clientDriftBench,
  simulatedClock: simulatedClockBench,
  validation: validationBench,
  compression: compressionBench,
  secureAggregation: secureAggregationBench,
  runStoreListing: runStoreListingBench,
  poisoning: poisoningBench,
  queue: queueOverheadBench,
};

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  const ctx = benchContext(args);
  const env = environment(ctx.root, args);
  const started = performance.now();
  process.stderr.write(
    `FedFlow bench — ${env.backend}${env.quick ? ', quick' : ''}; ${env.cpu}, ${env.cores} cores; Node ${env.node}; load ${env.loadAverage}; commit ${env.commit?.slice(0, 10) ?? 'unknown'}\n`,
  );
  const sections: Section[] = [];
  const errors: { name: string; message: string }[] = [];
  for (const name of args.only) {
    try {
      sections.push(await BENCHES[name](ctx));
    } catch (e) {
      errors.push({ name, message: (e as Error).message ?? String(e) });
    }
  }
  env.durationMs = performance.now() - started;
  const goals: Goal[] = sections.flatMap((s) => s.rows.flatMap((r) => (r.goal ? [r.goal] : [])));
  const others = sections.map((s) => s.others).filter((o): o is number => typeof o === 'number');
  const busiestOthers = others.length > 0 ? Math.max(...others) : null;
  const report: BenchReport = {
    format: 'fedflow/bench@1',
    environment: env,
    sections: Object.fromEntries(sections.map((s) => [s.name, { title: s.title, data: s.data }])),
    goals,
    busiestOthers,
    errors,
  };
  process.stdout.write(`\n${renderTable(sections, errors, busiestOthers)}\n\n`);
  const path = writeReport(args.out ? resolve(args.out) : resolve(ctx.root, 'bench-results'), report);
  process.stdout.write(`Took ${(env.durationMs / 1000).toFixed(1)} s. Figures written to ${path} (and latest.json).\n`);
  return errors.length > 0 ? 1 : 0;
}

process.exitCode = await main();

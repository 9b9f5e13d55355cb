/**
 * `npm run bench -- --redis`: the same 10-client FedAvg run of the MLP and the CNN on the local pool (1 worker
 * thread) and through Redis on 1 and then 2 `fedflow worker` processes (1 job each at a time): the
 * queue's overhead per round (ratio, same run), the speed-up of a second worker process, and a check
 * that all three give the same numbers. Starts its own redis-server (Debian's redis-server package).
 */
import { runPipeline, type RunOptions } from '../engine/run/run.js';
import type { RunSummary } from '../engine/run/events.js';
import type { BenchContext } from './context.js';
import { federatedPipeline } from './federatedSetup.js';
import { requireRedisServer, startRedis, startWorker, type Child } from './redisProcesses.js';
import { fmt, ratio, type Section } from './report.js';
import { RoundTimer } from './roundTimer.js';
import type { Workload } from './workloads.js';

interface Timed {
  medianRoundMs: number;
  summary: RunSummary;
}

async function timed(doc: ReturnType<typeof federatedPipeline>, options: RunOptions): Promise<Timed> {
  const timer = new RoundTimer();
  const summary = await runPipeline(doc, options, timer.listener);
  return { medianRoundMs: timer.summary().medianRoundMs, summary };
}

/** What must not change on the queue: each round's losses and test scores. */
const numbers = (s: RunSummary) => JSON.stringify(s.federations.map((f) => f.history.map((r) => [r.trainLoss, r.test])));

/** One workload on the local pool, then on 1 and 2 worker processes (started here, stopped after). */
async function measure(ctx: BenchContext, redisUrl: string, w: Workload) {
  const doc = federatedPipeline(w);
  const base: RunOptions = { baseDir: process.cwd(), backend: ctx.args.backend, workers: 1 };
  const workers: Child[] = [];
  try {
    ctx.log(`queue ${w.name}: local pool, 1 worker thread`);
    const local = await timed(doc, base);
    workers.push(await startWorker(redisUrl, `bench-${w.name}-1`, {}, ctx.args.backend));
    ctx.log(`queue ${w.name}: 1 worker process`);
    const one = await timed(doc, { ...base, queue: { url: redisUrl } });
    workers.push(await startWorker(redisUrl, `bench-${w.name}-2`, {}, ctx.args.backend));
    ctx.log(`queue ${w.name}: 2 worker processes`);
    const two = await timed(doc, { ...base, queue: { url: redisUrl } });
    const same = numbers(local.summary) === numbers(one.summary) && numbers(local.summary) === numbers(two.summary);
    return {
      workload: w.name,
      title: w.title,
      clients: 10,
      rows: w.rows,
      localMedianRoundMs: local.medianRoundMs,
      queueOneWorkerMedianRoundMs: one.medianRoundMs,
      queueTwoWorkersMedianRoundMs: two.medianRoundMs,
      overheadRatio: one.medianRoundMs / local.medianRoundMs,
      overheadMsPerRound: one.medianRoundMs - local.medianRoundMs,
      twoWorkerSpeedUp: one.medianRoundMs / two.medianRoundMs,
      sameNumbers: same,
    };
  } finally {
    // Each workload's workers go, so the next one's measure starts from none.
    await Promise.all(workers.map((c) => c.kill('SIGTERM')));
  }
}

export async function queueOverheadBench(ctx: BenchContext): Promise<Section> {
  requireRedisServer();
  const redis = await startRedis();
  try {
    const results = [];
    // The MLP, and the CNN where the backend has it (workloads.ts leaves it out where a step takes minutes).
    for (const w of ctx.workloads) results.push(await measure(ctx, redis.url, w));
    return {
      name: 'queue',
      title: `Queue: client training through Redis (${ctx.args.backend}, 10 clients, ${ctx.cores} cores)`,
      rows: results.flatMap((r) => [
        { label: `${r.title}: local pool, 1 worker thread`, value: `${fmt(r.localMedianRoundMs)} ms/round` },
        { label: `${r.title}: queue, 1 worker process`, value: `${fmt(r.queueOneWorkerMedianRoundMs)} ms/round` },
        { label: `  queue overhead (1 process ÷ local pool)`, value: `${ratio(r.overheadRatio)} (+${fmt(r.overheadMsPerRound)} ms)` },
        { label: `${r.title}: queue, 2 worker processes`, value: `${fmt(r.queueTwoWorkersMedianRoundMs)} ms/round` },
        { label: `  speed-up (2 processes ÷ 1)`, value: ratio(r.twoWorkerSpeedUp) },
        { label: `  same numbers as the local pool`, value: r.sameNumbers ? 'yes' : 'NO' },
      ]),
      data: { workloads: results },
    };
  } finally {
    await redis.server.kill('SIGTERM');
  }
}

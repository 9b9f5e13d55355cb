/**
 * `npm run bench -- --redis`: the same 10-client FedAvg run of the MLP on the local pool (1 worker
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

export async function queueOverheadBench(ctx: BenchContext): Promise<Section> {
  requireRedisServer();
  const w = ctx.workloads.find((x) => x.name === 'mlp')!;
  const doc = federatedPipeline(w);
  const base: RunOptions = { baseDir: process.cwd(), backend: ctx.args.backend, workers: 1 };
  const redis = await startRedis();
  const workers: Child[] = [];
  try {
    ctx.log(`queue ${w.name}: local pool, 1 worker thread`);
    const local = await timed(doc, base);
    workers.push(await startWorker(redis.url, 'bench-1', {}, ctx.args.backend));
    ctx.log(`queue ${w.name}: 1 worker process`);
    const one = await timed(doc, { ...base, queue: { url: redis.url } });
    workers.push(await startWorker(redis.url, 'bench-2', {}, ctx.args.backend));
    ctx.log(`queue ${w.name}: 2 worker processes`);
    const two = await timed(doc, { ...base, queue: { url: redis.url } });
    const same = numbers(local.summary) === numbers(one.summary) && numbers(local.summary) === numbers(two.summary);
    const overhead = one.medianRoundMs / local.medianRoundMs;
    const speedUp = one.medianRoundMs / two.medianRoundMs;
    const data = {
      workload: w.name,
      clients: 10,
      rows: w.rows,
      localMedianRoundMs: local.medianRoundMs,
      queueOneWorkerMedianRoundMs: one.medianRoundMs,
      queueTwoWorkersMedianRoundMs: two.medianRoundMs,
      overheadRatio: overhead,
      overheadMsPerRound: one.medianRoundMs - local.medianRoundMs,
      twoWorkerSpeedUp: speedUp,
      sameNumbers: same,
    };
    return {
      name: 'queue',
      title: `Queue: client training through Redis (${ctx.args.backend}, ${w.title}, 10 clients, ${ctx.cores} cores)`,
      rows: [
        { label: `${w.title}: local pool, 1 worker thread`, value: `${fmt(local.medianRoundMs)} ms/round` },
        { label: `${w.title}: queue, 1 worker process`, value: `${fmt(one.medianRoundMs)} ms/round` },
        { label: `  queue overhead (1 process ÷ local pool)`, value: `${ratio(overhead)} (+${fmt(one.medianRoundMs - local.medianRoundMs)} ms)` },
        { label: `${w.title}: queue, 2 worker processes`, value: `${fmt(two.medianRoundMs)} ms/round` },
        { label: `  speed-up (2 processes ÷ 1)`, value: ratio(speedUp) },
        { label: `  same numbers as the local pool`, value: same ? 'yes' : 'NO' },
      ],
      data,
    };
  } finally {
    await Promise.all(workers.map((c) => c.kill('SIGTERM')));
    await redis.server.kill('SIGTERM');
  }
}

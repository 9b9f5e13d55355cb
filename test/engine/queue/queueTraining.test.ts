/**
 * Client training on `fedflow worker` processes through Redis (engine/queue/): the same numbers as the
 * local pool, with two workers, with one of them SIGKILLed mid-job, and a clear failure with a partial
 * run when Redis stops mid-run. Starts its own redis-server; fails, saying so, where it is not installed.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runPipeline, startRun, type RunOptions } from '../../../engine/run/run.js';
import type { RunSummary } from '../../../engine/run/events.js';
import { federation } from '../run/pipelines.js';
import { planSweep, runSweep } from '../../../engine/sweep/runSweep.js';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { trainQueueName } from '../../../engine/queue/queueNames.js';
import { freePort, requireRedisServer, startRedis, startWorker, type Child } from '../../../bench/redisProcesses.js';

// A reduced MNIST: 300 training and 60 test examples over 3 clients, an MLP with one hidden layer of 16.
const doc = federation({
  dataset: { source: 'mnist', trainSize: 300, testSize: 60 },
  split: { method: 'iid', numClients: 3 },
  model: { arch: 'mlp', hidden: [16] },
  clients: [{ learningRate: 0.1 }],
  aggregator: { strategy: 'FedAvg', rounds: 3 },
});
const base: RunOptions = { baseDir: '.', backend: 'wasm', workers: 1 };

/** What must match: every round's metrics (not its wall time) and the final weights, bit for bit. */
function numbers(summary: RunSummary, weights: Map<string, Float32Array>) {
  return {
    rounds: summary.federations.map((f) => f.history.map((r) => ({ round: r.round, participants: r.participants, trainLoss: r.trainLoss, test: r.test, failures: r.failures }))),
    weights: [...weights].map(([id, w]) => [id, Buffer.from(w.buffer, w.byteOffset, w.byteLength).toString('base64')]),
  };
}

async function run(options: RunOptions) {
  const r = startRun(doc, options);
  const summary = await r.done;
  return numbers(summary, r.finalWeights);
}

// Bounded, so a recovery that never comes fails the test instead of hanging it.
describe('client training through Redis', { timeout: 60_000 }, () => {
  let redis: { url: string; server: Child };
  const workers: Child[] = [];
  let local: Awaited<ReturnType<typeof run>>;

  before(async () => {
    requireRedisServer();
    redis = await startRedis();
    workers.push(await startWorker(redis.url, 'w1', { FEDFLOW_TEST_FAULTS: '1' }), await startWorker(redis.url, 'w2', { FEDFLOW_TEST_FAULTS: '1' }));
    local = await run(base);
  });

  after(async () => {
    await Promise.all(workers.map((w) => w.kill()));
    await redis?.server.kill();
  });

  it('gives the metrics and final weights of the local pool, with two workers', async () => {
    const queued = await run({ ...base, queue: { url: redis.url } });
    assert.deepEqual(queued, local);
    // Both workers took part.
    for (const w of workers) assert.match(w.output, /done in/, `${w.label} trained no client:\n${w.output}`);
  });

  it('gives the same numbers when the worker training a client is SIGKILLed mid-job', async () => {
    // Client 1's round-2 job cannot finish on its first attempt (it hangs): whoever takes it is killed.
    const marks = workers.map((w) => w.output.length);
    const queued = run({ ...base, queue: { url: redis.url }, faults: ({ clientId, round }) => (clientId === 1 && round === 2 ? 'hang' : undefined) });
    const taken = /training client 1 of round 2 \(run [^)]+\)\./;
    const victim = await Promise.any(workers.map((w, i) => w.waitFor(taken, marks[i]).then(() => w)));
    await victim.kill('SIGKILL');
    const numbersAfterKill = await queued;
    assert.deepEqual(numbersAfterKill, local);
    const survivor = workers.find((w) => w !== victim)!;
    assert.match(survivor.output.slice(marks[workers.indexOf(survivor)]), /training client 1 of round 2 \(run [^)]+\), again after a worker stopped/);
    workers.splice(workers.indexOf(victim), 1);
  });

  it('refuses a job that is not a FedFlow training job, and goes on working', async () => {
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue(trainQueueName('wasm'), { connection });
    const eventsConnection = connection.duplicate();
    const events = new QueueEvents(trainQueueName('wasm'), { connection: eventsConnection });
    try {
      await events.waitUntilReady();
      const job = await queue.add('train', { version: 1, type: 'train', code: 'process.exit(1)' });
      await assert.rejects(job.waitUntilFinished(events), /refused by worker w\d: not a FedFlow training job of version 1/);
      const shell = await queue.add('shell', { command: 'rm -rf /' });
      await assert.rejects(shell.waitUntilFinished(events), /refused by worker w\d: 'shell' is not a FedFlow job type/);
    } finally {
      await events.close();
      await queue.close();
      connection.disconnect();
      eventsConnection.disconnect();
    }
    // The worker is still there and trains the next run's clients.
    assert.deepEqual(await run({ ...base, queue: { url: redis.url } }), local);
  });

  it('says it waits for workers, then fails after the timeout when none runs the backend', async () => {
    const notices: string[] = [];
    await assert.rejects(run({ ...base, backend: 'cpu', queue: { url: redis.url, workerTimeoutMs: 300, notice: (l) => notices.push(l) } }), /No FedFlow worker \(backend cpu\) on redis:\/\/127\.0\.0\.1:\d+ for 0\.3 s; start one with: fedflow worker --redis/);
    assert.match(notices.join('\n'), /^Waiting for workers on redis:\/\/127\.0\.0\.1:\d+ /);
  });

  it('cannot reach a Redis that is not there, and says so without its password', async () => {
    const nowhere = `redis://:s3cret@127.0.0.1:${await freePort()}`;
    const failure = await run({ ...base, queue: { url: nowhere, reconnectMs: 300 } }).catch((e: Error) => e);
    assert.match(String((failure as Error).message), /^Cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ \(.*ECONNREFUSED.*\)/);
    assert.doesNotMatch(String((failure as Error).message), /s3cret/);
  });

  it('runs a sweep through the queue, two runs at once, with the table of a local sweep', async () => {
    const runsDir = await mkdtemp(join(tmpdir(), 'fedflow-queue-sweep-'));
    try {
      const { sweep } = planSweep(doc, ['clients0.learningRate=0.05,0.2'], [7], 'queue-sweep');
      let most = 0;
      let going = 0;
      const sweepOn = async (queue?: RunOptions['queue'], parallel?: number) =>
        (
          await runSweep(doc, sweep!, {
            baseDir: '.',
            runsDir,
            stem: 'queue-sweep',
            backend: 'wasm',
            workers: 1,
            ...(queue ? { queue } : {}),
            ...(parallel ? { parallel } : {}),
            onStart: () => (most = Math.max(most, ++going)),
            onRun: () => going--,
          })
        ).runs.map((r) => [r.pointIndex, r.status, r.accuracy]);
      const locally = await sweepOn();
      assert.deepEqual(locally.map(([, status]) => status), ['finished', 'finished']);
      most = 0;
      assert.deepEqual(await sweepOn({ url: redis.url }, 2), locally, 'the same runs, in grid order');
      assert.equal(most, 2, 'both runs went at once');
    } finally {
      await rm(runsDir, { recursive: true, force: true });
    }
  });

  it('fails with a clear message and keeps the completed rounds when Redis stops mid-run', async () => {
    const out = await mkdtemp(join(tmpdir(), 'fedflow-queue-'));
    try {
      const mark = workers[0].output.length;
      const done = runPipeline(doc, { ...base, outDir: out, queue: { url: redis.url, reconnectMs: 1000 }, faults: ({ clientId, round }) => (clientId === 0 && round === 2 ? 'hang' : undefined) });
      done.catch(() => undefined);
      await workers[0].waitFor(/training client 0 of round 2 \(run [^)]+\)\./, mark);
      await redis.server.kill('SIGTERM');
      await assert.rejects(done, /Lost the connection to Redis at redis:\/\/127\.0\.0\.1:\d+.*keeping the rounds it completed/);
      const events = (await readFile(join(out, 'events.jsonl'), 'utf8')).trim().split('\n').map((l) => (JSON.parse(l) as { event: { type: string; round?: number; message?: string } }).event);
      assert.deepEqual(events.filter((e) => e.type === 'evaluated').map((e) => e.round), [1]);
      assert.match(events.at(-1)!.message ?? '', /Lost the connection to Redis/);
      const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { status: string };
      assert.equal(manifest.status, 'failed');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

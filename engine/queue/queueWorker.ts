/**
 * `fedflow worker`'s loop: takes training jobs of its backend from Redis and runs them on its own worker
 * threads (engine/run/worker.ts, the same training code as a local run), fetching each job's data once
 * and keeping it by hash. It executes only FedFlow's own job type, checked field by field: a job it
 * cannot read fails with the reason and the worker goes on.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { weightCount } from '../model/modelSpec.js';
import { WorkerPool } from '../run/pool.js';
import type { TableRef, TrainTask } from '../run/messages.js';
import type { ConcreteBackend } from '../train/backend.js';
import { QUEUE_PROTOCOL_VERSION, type TrainJobResult, type WorkerInfo } from './jobMessages.js';
import { fetchTable } from './publishedData.js';
import { RESULT_TTL_S, resultKey, trainQueueName } from './queueNames.js';
import { connectRedis } from './redisConnection.js';
import { checkRedisUrl, redactRedisUrl, redactSecret } from './redisUrl.js';
import { MAX_JOB_WEIGHTS, parseTrainJob } from './validateJob.js';
import { base64ToFloat32, base64ToInt32, vectorToBase64 } from './vectorCodec.js';
import { registerWorker, unregisterWorker, WORKER_TTL_S } from './workerRegistry.js';

/** How a worker runs. */
export interface WorkerSettings {
  url: string;
  backend: ConcreteBackend;
  /** Jobs at once (worker threads). */
  concurrency: number;
  /** Its name in the registry (default host-pid). */
  name?: string;
  /**
   * How long a job's lock lasts without renewal (ms): a worker that dies mid-job loses its job to another
   * after about this long (BullMQ's stalled-job check runs as often).
   */
  lockMs?: number;
  /** Where it says what it does. */
  log: (line: string) => void;
}

/** The default job lock (BullMQ's). */
export const DEFAULT_LOCK_MS = 30_000;
/** How many published tables a worker keeps. */
const CACHED_TABLES = 4;

/** A running worker. */
export interface QueueWorker {
  readonly info: WorkerInfo;
  /** Stops taking jobs, lets running ones finish, and leaves the registry. */
  close(): Promise<void>;
}

/** Starts the backend, connects, registers and takes jobs. */
export async function startQueueWorker(settings: WorkerSettings): Promise<QueueWorker> {
  checkRedisUrl(settings.url);
  const where = redactRedisUrl(settings.url);
  const { log } = settings;
  const pool = new WorkerPool(settings.concurrency);
  let probe;
  try {
    probe = await pool.probe({ type: 'probe', backend: settings.backend });
  } catch (e) {
    await pool.close();
    throw e;
  }
  const id = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const info: WorkerInfo = {
    id,
    name: settings.name ?? `${hostname()}-${process.pid}`,
    backend: settings.backend,
    ...(probe.adapter ? { adapter: probe.adapter } : {}),
    concurrency: settings.concurrency,
    jobsDone: 0,
    startedAt: new Date().toISOString(),
  };
  const redis = connectRedis(settings.url, `fedflow-worker-${id}`);
  let down = false;
  redis.on('error', (e: Error) => {
    if (!down) log(`Lost Redis at ${where} (${redactSecret(e.message, settings.url)}); reconnecting…`);
    down = true;
  });
  redis.on('ready', () => {
    log(`Connected to ${where} as ${info.name} (backend ${probe.backend}${info.adapter ? `, ${info.adapter}` : ''}, concurrency ${info.concurrency}).`);
    down = false;
    void registerWorker(redis, info).catch(() => undefined);
  });
  const heartbeat = setInterval(() => void registerWorker(redis, info).catch(() => undefined), (WORKER_TTL_S * 1000) / 3);

  const tables = new Map<string, Promise<TableRef>>();
  const tableFor = (hash: string): Promise<TableRef> => {
    let t = tables.get(hash);
    if (!t) {
      log(`Fetching data ${hash.slice(0, 12)}… from Redis.`);
      t = fetchTable(redis, hash);
      t.catch(() => tables.delete(hash));
      tables.set(hash, t);
      while (tables.size > CACHED_TABLES) tables.delete(tables.keys().next().value!);
    }
    return t;
  };

  const handle = async (job: Job): Promise<{ ok: true }> => {
    const refuse = (why: string): never => {
      log(`Job ${job.id}: refused — ${why}.`);
      throw new UnrecoverableError(`refused by worker ${info.name}: ${why}`);
    };
    if (job.name !== 'train') refuse(`'${job.name}' is not a FedFlow job type`);
    const parsed = parseTrainJob(job.data);
    if ('error' in parsed) return refuse(parsed.error);
    const j = parsed.job;
    if (j.backend !== settings.backend) refuse(`it asks for backend ${j.backend}; this worker runs ${settings.backend}`);
    const weights = weightCount(j.model);
    if (weights > MAX_JOB_WEIGHTS) refuse(`its model has ${weights} weights, over the ${MAX_JOB_WEIGHTS} a job may have`);
    const globalWeights = base64ToFloat32(j.globalWeights, true);
    if (!globalWeights || globalWeights.length !== weights) refuse(`it sends ${globalWeights ? globalWeights.length : 'unreadable'} weights for a model of ${weights}`);
    const indices = base64ToInt32(j.rows, true);
    if (!indices || indices.length === 0) refuse('it names no rows to train on');
    const correction = j.correction !== undefined ? base64ToFloat32(j.correction, true) : undefined;
    if (j.correction !== undefined && correction?.length !== weights) refuse('its correction does not have one value per weight');
    // Tests prove recovery from a worker killed mid-job with a job that cannot finish on its first attempt.
    const testFaults = globalThis.process.env.FEDFLOW_TEST_FAULTS === '1';
    if (j.fault && !testFaults) refuse('it carries an injected fault, which only a test worker commits');
    const fault = j.fault && job.attemptsStarted <= 1 ? j.fault : undefined;
    log(`Job ${job.id}: training client ${j.clientId} of round ${j.round} (run ${j.runId})${job.attemptsStarted > 1 ? `, again after a worker stopped` : ''}.`);
    let table: TableRef;
    try {
      table = await tableFor(j.dataHash);
    } catch (e) {
      return refuse(redactSecret((e as Error).message, settings.url));
    }
    const rows = table.y.length;
    if (indices!.some((i) => i < 0 || i >= rows)) refuse(`it names rows outside the data's ${rows}`);
    const features = table.featureShape.reduce((a, b) => a * b, 1);
    if (features !== j.model.inputShape.reduce((a, b) => a * b, 1) || table.numClasses !== j.model.numClasses) {
      refuse(`its model expects ${j.model.inputShape.join('×')} inputs and ${j.model.numClasses} classes; the data has ${table.featureShape.join('×')} and ${table.numClasses}`);
    }
    const task: TrainTask = {
      type: 'train',
      backend: j.backend,
      model: j.model,
      table,
      rows: { indices: indices!, offset: 0, length: indices!.length },
      globalWeights: globalWeights!,
      client: j.client,
      clientId: j.clientId,
      round: j.round,
      seed: j.seed,
      ...(j.lossBeforeFit ? { lossBeforeFit: true } : {}),
      ...(correction ? { correction } : {}),
      ...(fault ? { fault } : {}),
    };
    const r = await pool.train(task);
    const result: TrainJobResult = {
      version: QUEUE_PROTOCOL_VERSION,
      runId: j.runId,
      seq: j.seq,
      round: j.round,
      clientId: j.clientId,
      weights: vectorToBase64(r.weights),
      numExamples: r.numExamples,
      loss: r.loss,
      steps: r.steps,
      ms: r.ms,
      ...(r.lossBeforeFit !== undefined ? { lossBeforeFit: r.lossBeforeFit } : {}),
      worker: info.name,
    };
    // The result waits under its own key: the event stream carries only that the job completed.
    await redis.set(resultKey(j.runId, j.seq), JSON.stringify(result), 'EX', RESULT_TTL_S);
    info.jobsDone++;
    log(`Job ${job.id}: done in ${(r.ms / 1000).toFixed(2)} s (${info.jobsDone} done).`);
    void registerWorker(redis, info).catch(() => undefined);
    return { ok: true };
  };

  const lockMs = settings.lockMs ?? DEFAULT_LOCK_MS;
  const worker = new Worker(trainQueueName(settings.backend), handle, {
    connection: redis as Redis,
    concurrency: settings.concurrency,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    // A job whose worker died is retried; twice more at most, so a job that kills every worker stops.
    maxStalledCount: 2,
  });
  worker.on('error', (e) => {
    if (!down) log(`Queue error: ${redactSecret(e.message, settings.url)}`);
  });
  worker.on('failed', (job, e) => {
    if (job && !(e instanceof UnrecoverableError)) log(`Job ${job.id}: failed — ${redactSecret(e.message, settings.url)}.`);
  });
  return {
    info,
    async close() {
      clearInterval(heartbeat);
      await worker.close();
      await unregisterWorker(redis, id).catch(() => undefined);
      await redis.quit().catch(() => undefined);
      await pool.close();
    },
  };
}

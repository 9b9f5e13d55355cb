/**
 * The coordinator's side of the queue: a TaskExecutor that sends each client's training to `fedflow
 * worker` processes as a BullMQ job, and scores, saves and inverts on the local pool (the coordinator
 * keeps the test set and the results). The training table is published to Redis once by hash; a job
 * carries the weights, the config, the client's row indices and its seed. Results are checked against
 * their job. Redis going away, or no worker for too long, fails every waiting job with a QueueError,
 * which stops the run.
 */
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { EvaluateResult, EvaluateTask, InvertResult, InvertTask, ProbeResult, ProbeTask, SaveResult, SaveTask, TableRef, TrainResult, TrainTask } from '../run/messages.js';
import type { TaskExecutor } from '../run/taskExecutor.js';
import type { WorkerPool } from '../run/pool.js';
import { QUEUE_PROTOCOL_VERSION, type TrainJob } from './jobMessages.js';
import { QueueError } from './queueError.js';
import { resultKey, trainQueueName } from './queueNames.js';
import { DEFAULT_MAX_DATA_BYTES, publishTable } from './publishedData.js';
import { connectRedis, DEFAULT_RECONNECT_MS } from './redisConnection.js';
import { checkRedisUrl, redactRedisUrl, redactSecret } from './redisUrl.js';
import { parseTrainJobResult } from './validateJob.js';
import { base64ToFloat32, vectorToBase64 } from './vectorCodec.js';
import { listWorkers } from './workerRegistry.js';

/** How a run uses the queue. */
export interface QueueSettings {
  /** redis://[user:password@]host:port, or rediss:// for TLS. */
  url: string;
  /** How long the run waits with no worker registered (at the start, or when all have gone) before it fails (ms). */
  workerTimeoutMs?: number;
  /** How long it keeps reconnecting to a Redis that went away before it fails (ms). */
  reconnectMs?: number;
  /** The bound on the published training table (bytes). */
  maxDataBytes?: number;
  /** Where it says what it waits for ("waiting for workers on …"). */
  notice?: (line: string) => void;
}

/** The default wait for a first worker, or for one to come back. */
export const DEFAULT_WORKER_TIMEOUT_MS = 60_000;

/** A result the coordinator rejects because it does not answer its job; the client proxy reports it as malformed. */
export class QueueResultRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueueResultRejected';
  }
}

interface Pending {
  job: TrainJob;
  weights: number;
  resolve: (r: TrainResult) => void;
  reject: (e: unknown) => void;
}

/** Sends training to `fedflow worker` processes through Redis; everything else runs on the local pool. */
export class QueueExecutor implements TaskExecutor {
  private readonly pending = new Map<string, Pending>();
  private readonly published = new WeakMap<TableRef, Promise<string>>();
  private seq = 0;
  private lost: QueueError | undefined;
  private lastError = '';
  private connected = false;
  private noWorkerSince: number | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private readonly where: string;

  private constructor(
    private readonly local: WorkerPool,
    private readonly runId: string,
    private readonly settings: QueueSettings,
    private readonly redis: Redis,
    private readonly eventsRedis: Redis,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly backend: TrainTask['backend'],
  ) {
    this.where = redactRedisUrl(settings.url);
  }

  /** Connects to Redis, then waits (saying so) until a worker of the run's backend has registered. */
  static async open(local: WorkerPool, runId: string, backend: TrainTask['backend'], settings: QueueSettings, signal?: AbortSignal): Promise<QueueExecutor> {
    checkRedisUrl(settings.url);
    const reconnectMs = settings.reconnectMs ?? DEFAULT_RECONNECT_MS;
    const redis = connectRedis(settings.url, `fedflow-run-${runId}`, reconnectMs);
    const eventsRedis = connectRedis(settings.url, `fedflow-run-events-${runId}`, reconnectMs);
    const name = trainQueueName(backend);
    const queue = new Queue(name, { connection: redis });
    const events = new QueueEvents(name, { connection: eventsRedis });
    const executor = new QueueExecutor(local, runId, settings, redis, eventsRedis, queue, events, backend);
    executor.listen();
    try {
      await Promise.race([redis.ping(), executor.whenLost()]);
      await events.waitUntilReady();
      await executor.waitForWorkers(signal);
    } catch (e) {
      await executor.closeConnections();
      throw executor.lost ?? (e instanceof QueueError ? e : new QueueError(`Cannot reach Redis at ${executor.where}: ${redactSecret((e as Error).message, settings.url)}.`));
    }
    executor.watchdog = setInterval(() => void executor.checkWorkers(), 1000);
    executor.watchdog.unref();
    return executor;
  }

  private lostWaiters: ((e: QueueError) => void)[] = [];

  /** Rejects when the connection to Redis is given up. */
  private whenLost(): Promise<never> {
    return new Promise((_, reject) => {
      if (this.lost) reject(this.lost);
      else this.lostWaiters.push(reject);
    });
  }

  private listen(): void {
    const onError = (e: Error) => (this.lastError = redactSecret(e.message, this.settings.url));
    for (const c of [this.redis, this.eventsRedis]) {
      c.on('error', onError);
      c.on('ready', () => (this.connected = true));
      c.on('end', () => {
        const why = this.lastError ? ` (${this.lastError})` : '';
        this.fail(
          new QueueError(
            this.connected
              ? `Lost the connection to Redis at ${this.where}${why}; the run stopped, keeping the rounds it completed.`
              : `Cannot reach Redis at ${this.where}${why}; is redis-server running there, and the URL right?`,
          ),
        );
      });
    }
    this.queue.on('error', onError);
    this.events.on('error', onError);
    this.events.on('completed', ({ jobId }) => void this.completed(jobId));
    this.events.on('failed', ({ jobId, failedReason }) => {
      const p = this.take(jobId);
      p?.reject(new Error(`the worker failed queue job ${jobId}: ${failedReason}`));
    });
  }

  /** Fails every waiting job, and every later one, with this error. */
  private fail(error: QueueError): void {
    this.lost ??= error;
    for (const w of this.lostWaiters.splice(0)) w(this.lost);
    for (const [id, p] of [...this.pending]) {
      this.pending.delete(id);
      p.reject(this.lost);
    }
  }

  private take(jobId: string): Pending | undefined {
    const p = this.pending.get(jobId);
    this.pending.delete(jobId);
    return p;
  }

  /** A job finished: its result waits under its key; check it answers its job. */
  private async completed(jobId: string): Promise<void> {
    const p = this.pending.get(jobId);
    if (!p) return;
    const key = resultKey(this.runId, p.job.seq);
    let text: string | null;
    try {
      text = await this.redis.get(key);
      await this.redis.del(key);
    } catch (e) {
      this.take(jobId);
      p.reject(this.lost ?? e);
      return;
    }
    if (!this.take(jobId)) return;
    let data: unknown;
    try {
      data = JSON.parse(text ?? 'null');
    } catch {
      data = null;
    }
    const checked = parseTrainJobResult(data, p.job, p.weights, jobId);
    if ('error' in checked) return p.reject(new QueueResultRejected(checked.error));
    const r = checked.result;
    p.resolve({
      weights: base64ToFloat32(r.weights)!,
      numExamples: r.numExamples,
      loss: r.loss,
      steps: r.steps,
      ms: r.ms,
      ...(r.lossBeforeFit !== undefined ? { lossBeforeFit: r.lossBeforeFit } : {}),
    });
  }

  /** Waits until a worker of the run's backend is registered, or fails after the timeout. */
  private async waitForWorkers(signal?: AbortSignal): Promise<void> {
    const timeout = this.settings.workerTimeoutMs ?? DEFAULT_WORKER_TIMEOUT_MS;
    const start = Date.now();
    let said = false;
    for (;;) {
      if ((await listWorkers(this.redis, this.backend)).length > 0) return;
      if (signal?.aborted) throw signal.reason;
      if (!said) {
        this.settings.notice?.(`Waiting for workers on ${this.where} (start one with: fedflow worker --redis ${this.where} --backend ${this.backend})…`);
        said = true;
      }
      if (Date.now() - start > timeout) throw this.noWorkers(timeout);
      // Registration is a key with an expiry, not an event: look again shortly.
      await Promise.race([new Promise((r) => setTimeout(r, 250)), this.whenLost()]);
    }
  }

  private noWorkers(timeout: number): QueueError {
    return new QueueError(`No FedFlow worker (backend ${this.backend}) on ${this.where} for ${timeout / 1000} s; start one with: fedflow worker --redis ${this.where} --backend ${this.backend}`);
  }

  /** While jobs wait, fails them once no worker has been registered for the timeout. */
  private async checkWorkers(): Promise<void> {
    if (this.pending.size === 0 || this.lost) {
      this.noWorkerSince = undefined;
      return;
    }
    let n: number;
    try {
      n = (await listWorkers(this.redis, this.backend)).length;
    } catch {
      return; // Redis trouble ends the connection, which fails the jobs.
    }
    const timeout = this.settings.workerTimeoutMs ?? DEFAULT_WORKER_TIMEOUT_MS;
    if (n > 0) {
      this.noWorkerSince = undefined;
    } else if (this.noWorkerSince === undefined) {
      this.noWorkerSince = Date.now();
      this.settings.notice?.(`Waiting for workers on ${this.where}: none is registered now…`);
    } else if (Date.now() - this.noWorkerSince > timeout) {
      const error = this.noWorkers(timeout);
      for (const [id, p] of [...this.pending]) {
        this.pending.delete(id);
        p.reject(error);
      }
    }
  }

  private publish(table: TableRef): Promise<string> {
    let hash = this.published.get(table);
    if (!hash) {
      hash = publishTable(this.redis, table, this.settings.maxDataBytes ?? DEFAULT_MAX_DATA_BYTES);
      this.published.set(table, hash);
    }
    return hash;
  }

  /** Sends the client's training as a job and waits for its checked result. */
  async train(task: TrainTask, signal?: AbortSignal, timeoutMs?: number): Promise<TrainResult> {
    if (this.lost) throw this.lost;
    if (signal?.aborted) throw signal.reason;
    const dataHash = await this.publish(task.table);
    const seq = ++this.seq;
    const rows = task.rows.indices.subarray(task.rows.offset, task.rows.offset + task.rows.length);
    const job: TrainJob = {
      version: QUEUE_PROTOCOL_VERSION,
      type: 'train',
      runId: this.runId,
      seq,
      round: task.round,
      clientId: task.clientId,
      backend: task.backend,
      model: task.model,
      dataHash,
      rows: vectorToBase64(rows),
      globalWeights: vectorToBase64(task.globalWeights),
      client: task.client,
      seed: task.seed,
      ...(task.lossBeforeFit ? { lossBeforeFit: true } : {}),
      ...(task.correction ? { correction: vectorToBase64(task.correction) } : {}),
      ...(task.fault ? { fault: task.fault } : {}),
    };
    // BullMQ's custom ids may not contain ':'.
    const jobId = `${this.runId}-${seq}`.replaceAll(':', '_');
    const result = new Promise<TrainResult>((resolve, reject) => this.pending.set(jobId, { job, weights: task.globalWeights.length, resolve, reject }));
    const cleanups: (() => void)[] = [];
    const stop = (e: unknown) => {
      const p = this.take(jobId);
      p?.reject(e);
      // The job is no longer wanted; a worker that has it finishes it unread.
      void this.queue.remove(jobId).catch(() => undefined);
    };
    if (signal) {
      const onAbort = () => stop(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => signal.removeEventListener('abort', onAbort));
    }
    if (timeoutMs) {
      const timer = setTimeout(() => stop(Object.assign(new Error(`queue job ${jobId} took more than ${timeoutMs} ms`), { name: 'AbortError' })), timeoutMs);
      cleanups.push(() => clearTimeout(timer));
    }
    try {
      await this.queue.add('train', job, { jobId, attempts: 1, removeOnComplete: true, removeOnFail: { age: 3600 } });
      return await result;
    } catch (e) {
      this.take(jobId);
      throw this.lost ?? e;
    } finally {
      for (const c of cleanups) c();
    }
  }

  evaluate(task: EvaluateTask, signal?: AbortSignal): Promise<EvaluateResult> {
    return this.local.evaluate(task, signal);
  }

  probe(task: ProbeTask, signal?: AbortSignal): Promise<ProbeResult> {
    return this.local.probe(task, signal);
  }

  invert(task: InvertTask, signal?: AbortSignal): Promise<InvertResult> {
    return this.local.invert(task, signal);
  }

  save(task: SaveTask): Promise<SaveResult> {
    return this.local.save(task);
  }

  /** Closes the queue's connections and the local pool. */
  async close(): Promise<void> {
    await this.closeConnections();
    await this.local.close();
  }

  /** Closes the queue's connections, at once when Redis is gone. */
  private async closeConnections(): Promise<void> {
    clearInterval(this.watchdog);
    const bounded = (p: Promise<unknown>) => Promise.race([p.catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
    if (this.lost) {
      this.redis.disconnect();
      this.eventsRedis.disconnect();
    }
    await bounded(this.events.close());
    await bounded(this.queue.close());
    for (const c of [this.redis, this.eventsRedis]) {
      if (!this.lost && c.status === 'ready') await bounded(c.quit());
      // Whatever closing BullMQ did, no reconnection outlives the run.
      c.disconnect();
    }
  }
}

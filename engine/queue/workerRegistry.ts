/**
 * Who is working: each `fedflow worker` keeps a Redis hash about itself (name, backend, adapter, jobs
 * done) with a short expiry it refreshes, so a worker that dies drops off the list on its own.
 */
import type { Redis } from 'ioredis';
import type { ConcreteBackend } from '../train/backend.js';
import type { WorkerInfo } from './jobMessages.js';
import { WORKER_KEY_PREFIX } from './queueNames.js';

/** Seconds a registry entry lives without a refresh; workers refresh it every third of that. */
export const WORKER_TTL_S = 10;

/** Writes (or refreshes) a worker's entry. */
export async function registerWorker(redis: Redis, info: WorkerInfo): Promise<void> {
  const key = WORKER_KEY_PREFIX + info.id;
  const fields: Record<string, string> = {
    id: info.id,
    name: info.name,
    backend: info.backend,
    concurrency: String(info.concurrency),
    jobsDone: String(info.jobsDone),
    startedAt: info.startedAt,
    ...(info.adapter ? { adapter: info.adapter } : {}),
  };
  await redis.multi().hset(key, fields).expire(key, WORKER_TTL_S).exec();
}

/** Removes a worker's entry (a worker that stops cleanly). */
export async function unregisterWorker(redis: Redis, id: string): Promise<void> {
  await redis.del(WORKER_KEY_PREFIX + id);
}

/** The workers registered now, by name; only those of `backend` when given. */
export async function listWorkers(redis: Redis, backend?: ConcreteBackend): Promise<WorkerInfo[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${WORKER_KEY_PREFIX}*`, 'COUNT', 200);
    keys.push(...found);
    cursor = next;
  } while (cursor !== '0');
  const workers: WorkerInfo[] = [];
  for (const key of keys) {
    const h = await redis.hgetall(key);
    if (!h.id) continue;
    const info: WorkerInfo = {
      id: h.id,
      name: h.name ?? h.id,
      backend: h.backend as ConcreteBackend,
      concurrency: Number(h.concurrency) || 1,
      jobsDone: Number(h.jobsDone) || 0,
      startedAt: h.startedAt ?? '',
      ...(h.adapter ? { adapter: h.adapter } : {}),
    };
    if (!backend || info.backend === backend) workers.push(info);
  }
  return workers.sort((a, b) => a.name.localeCompare(b.name));
}

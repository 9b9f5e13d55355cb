/**
 * The workbench's view of the Redis queue (engine/queue/) a studio was started with (`fedflow studio
 * --redis URL`): the URL, its password hidden, and the `fedflow worker` processes registered now. One
 * connection, opened on the first question and closed with the host; it gives up quickly when Redis is
 * away, so the status bar says so instead of waiting.
 */
import type { Redis } from 'ioredis';
import { connectRedis } from '../queue/redisConnection.js';
import { redactRedisUrl, redactSecret } from '../queue/redisUrl.js';
import { listWorkers } from '../queue/workerRegistry.js';
import type { QueueStatus } from './hostApi.js';

/** How long a question waits for a Redis that does not answer before it says so (ms). */
const ANSWER_WITHIN_MS = 2000;

/** listWorkers over the host's queue, or an empty status where the host has none. */
export function queueStatusApi(url: string | undefined): { listWorkers(): Promise<QueueStatus>; close(): Promise<void> } {
  if (!url) return { listWorkers: async () => ({ url: null, workers: [] }), close: async () => undefined };
  const shown = redactRedisUrl(url);
  let redis: Redis | null = null;
  return {
    async listWorkers() {
      if (!redis) {
        redis = connectRedis(url, 'fedflow-studio', ANSWER_WITHIN_MS);
        // Redis away is an answer (the status bar says so), not an unhandled error for the host's log.
        redis.on('error', () => undefined);
      }
      const connection = redis;
      try {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const late = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`Redis at ${shown} did not answer within ${ANSWER_WITHIN_MS / 1000} s`)), ANSWER_WITHIN_MS);
        });
        const workers = await Promise.race([listWorkers(connection), late]).finally(() => clearTimeout(timer));
        return { url: shown, workers };
      } catch (e) {
        // A connection that gave up is not reused: the next question opens a new one.
        if (connection.status === 'end') redis = null;
        return { url: shown, workers: [], error: redactSecret((e as Error).message, url) };
      }
    },
    async close() {
      redis?.disconnect();
      redis = null;
    },
  };
}

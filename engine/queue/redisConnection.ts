/**
 * Connections to Redis. URL, password and TLS (`rediss://`) pass through to ioredis. The coordinator's
 * connections give up after a bounded time without Redis, so a run fails instead of hanging; a worker's
 * keep trying, so a worker outlives a Redis restart.
 */
import { Redis } from 'ioredis';

/** How long the coordinator keeps reconnecting to a Redis that went away before the run fails (ms). */
export const DEFAULT_RECONNECT_MS = 5000;

/** A connection that stops reconnecting after `reconnectMs` (ioredis then ends it and rejects what waits); forever when undefined. */
export function connectRedis(url: string, name: string, reconnectMs?: number): Redis {
  let waited = 0;
  const redis = new Redis(url, {
    connectionName: name,
    // BullMQ's blocking commands need this; the retry strategy bounds the wait instead.
    maxRetriesPerRequest: null,
    retryStrategy: (times) => {
      const delay = Math.min(100 * times, 1000);
      waited += delay;
      if (reconnectMs !== undefined && waited > reconnectMs) return null;
      return delay;
    },
  });
  // A reconnect that succeeds starts the next outage's allowance afresh.
  redis.on('ready', () => (waited = 0));
  return redis;
}

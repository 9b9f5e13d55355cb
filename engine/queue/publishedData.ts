/**
 * A run's training table in Redis, published once by content hash: every worker, on any machine, fetches
 * it once and keeps it (no shared filesystem needed), and a second run on the same data publishes nothing.
 * It is stored in chunks (Redis strings hold at most 512 MB) and bounded in total size.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { TableRef } from '../run/messages.js';
import { QueueError } from './queueError.js';
import { DATA_TTL_S, dataKey } from './queueNames.js';

/** The default bound on a published table's bytes (features and labels); past it a run on the queue fails before its first round. */
export const DEFAULT_MAX_DATA_BYTES = 1024 ** 3;
const CHUNK_BYTES = 64 * 1024 ** 2;

interface TableMeta {
  featureShape: number[];
  numClasses: number;
  rows: number;
  chunks: number;
}

const bytesOf = (v: Float32Array | Int32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);

/** The table's sha256 over its shape, class count, features and labels. */
export function tableHash(table: TableRef): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ featureShape: table.featureShape, numClasses: table.numClasses }));
  h.update(bytesOf(table.x));
  h.update(bytesOf(table.y));
  return h.digest('hex');
}

const mib = (n: number) => `${(n / 1024 ** 2).toFixed(0)} MiB`;

/** Publishes the table unless Redis holds it already; returns its hash. */
export async function publishTable(redis: Redis, table: TableRef, maxBytes = DEFAULT_MAX_DATA_BYTES): Promise<string> {
  const size = table.x.byteLength + table.y.byteLength;
  if (size > maxBytes) {
    throw new QueueError(
      `The training data is ${mib(size)}, over the ${mib(maxBytes)} a run on the queue publishes to Redis; use a smaller data set (trainSize), or run it on the local pool.`,
    );
  }
  const hash = tableHash(table);
  const key = dataKey(hash);
  // Refreshing the expiry answers whether it is there: 1 when it is.
  if ((await redis.expire(key, DATA_TTL_S)) === 1) return hash;
  const x = bytesOf(table.x);
  const chunks = Math.max(1, Math.ceil(x.length / CHUNK_BYTES));
  const meta: TableMeta = { featureShape: table.featureShape, numClasses: table.numClasses, rows: table.y.length, chunks };
  // One transaction: a worker sees the whole table or none of it.
  const tx = redis.multi();
  for (let c = 0; c < chunks; c++) tx.hset(key, `x${c}`, x.subarray(c * CHUNK_BYTES, (c + 1) * CHUNK_BYTES));
  tx.hset(key, 'y', bytesOf(table.y));
  tx.hset(key, 'meta', JSON.stringify(meta));
  tx.expire(key, DATA_TTL_S);
  await tx.exec();
  return hash;
}

/** Fetches a published table into shared buffers (for the worker's threads) and checks it against its hash. */
export async function fetchTable(redis: Redis, hash: string): Promise<TableRef> {
  const key = dataKey(hash);
  const metaText = await redis.hget(key, 'meta');
  if (metaText === null) throw new QueueError(`the job's data (sha256 ${hash.slice(0, 12)}…) is not in Redis: it expired, or its run ended`);
  const meta = JSON.parse(metaText) as TableMeta;
  const parts: Buffer[] = [];
  for (let c = 0; c < meta.chunks; c++) {
    const part = await redis.hgetBuffer(key, `x${c}`);
    if (!part) throw new QueueError(`the job's data (sha256 ${hash.slice(0, 12)}…) is incomplete in Redis`);
    parts.push(part);
  }
  const xBytes = Buffer.concat(parts);
  const yBytes = (await redis.hgetBuffer(key, 'y')) ?? Buffer.alloc(0);
  const x = new Float32Array(new SharedArrayBuffer(xBytes.length));
  new Uint8Array(x.buffer).set(xBytes);
  const y = new Int32Array(new SharedArrayBuffer(yBytes.length));
  new Uint8Array(y.buffer).set(yBytes);
  const table: TableRef = { x, y, featureShape: meta.featureShape, numClasses: meta.numClasses };
  if (tableHash(table) !== hash) throw new QueueError(`the job's data in Redis does not match its sha256 ${hash.slice(0, 12)}…`);
  return table;
}

/** The status bar's word on the Redis queue: the workers' count, each one on hover, and a warning when none can train. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { QueueWorker } from '../../../engine/host/hostApi.js';
import { queueStatusItem } from '../../../renderer/src/store/queueStatusItem.js';

const worker = (name: string, jobsDone: number, adapter?: string): QueueWorker => ({
  id: `id-${name}`,
  name,
  backend: adapter ? 'webgpu' : 'wasm',
  concurrency: 1,
  jobsDone,
  startedAt: '2026-12-02T04:00:00Z',
  ...(adapter ? { adapter } : {}),
});
const URL = 'redis://:***@lab:6379';

test('a host with no queue shows nothing', () => {
  assert.equal(queueStatusItem(null), null);
  assert.equal(queueStatusItem({ url: null, workers: [] }), null);
});

test('the workers are counted, and each is named on hover with its backend, adapter and jobs done', () => {
  const item = queueStatusItem({ url: URL, workers: [worker('lab-gpu', 41, 'NVIDIA H200'), worker('laptop', 1)] })!;
  assert.equal(item.text, '2 queue workers');
  assert.equal(item.state, 'ok');
  assert.equal(
    item.title,
    `Clients train on fedflow workers through ${URL}:\nlab-gpu · webgpu (NVIDIA H200) · 1 at once · 41 jobs done\nlaptop · wasm · 1 at once · 1 job done`,
  );
});

test('no worker reads as a warning that says how to start one; Redis away says why', () => {
  const none = queueStatusItem({ url: URL, workers: [] })!;
  assert.equal(none.state, 'none');
  assert.match(none.title, /fedflow worker --redis redis:\/\/:\*\*\*@lab:6379/);
  const away = queueStatusItem({ url: URL, workers: [], error: 'Redis at redis://:***@lab:6379 did not answer within 2 s' })!;
  assert.deepEqual([away.text, away.state], ['Redis unreachable', 'error']);
  assert.match(away.title, /did not answer/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunEvent } from '../../../engine/run/events.js';
import { applyRunEvents, beginRun } from '../../../renderer/src/store/runReducer.js';
import { describeSpeeds, speedHistogram } from '../../../renderer/src/store/speedHistogram.js';
import { mnistTemplate } from './fixtures.js';

const counts = (speeds: number[], bins?: number) => speedHistogram(speeds, bins)!.bins.map((b) => b.count);

test('speedHistogram: bins are log-scaled between the slowest and the fastest', () => {
  // 1 to 1000 in 3 bins: [1, 10), [10, 100), [100, 1000].
  const h = speedHistogram([1, 2, 9, 10, 50, 99, 100, 1000], 3)!;
  assert.deepEqual(h.bins.map((b) => b.count), [3, 3, 2]);
  assert.equal(h.bins[0].from, 1);
  assert.ok(Math.abs(h.bins[1].from - 10) < 1e-9 && Math.abs(h.bins[2].from - 100) < 1e-9);
  assert.equal(h.bins[2].to, 1000, 'the last bin ends exactly at the fastest');
  for (let i = 1; i < h.bins.length; i++) assert.ok(Math.abs(h.bins[i].to / h.bins[i].from - 10) < 1e-9, 'equal ratios, equal widths');
});

test("speedHistogram: the phones' tiers (4, 20, 50 steps/s) fall in the first, a middle and the last bin", () => {
  const speeds = [20, 20, 50, 4, 20, 4, 20, 50, 20, 20];
  const h = speedHistogram(speeds)!;
  assert.equal(h.bins.length, 5, "Sturges' rule for 10 clients: ⌈log₂ 10⌉ + 1");
  assert.deepEqual(h.bins.map((b) => b.count), [2, 0, 0, 6, 2]);
  assert.equal(h.clients, 10);
  assert.deepEqual([h.min, h.median, h.max], [4, 20, 50]);
  assert.equal(describeSpeeds(h), 'Simulated speeds of the 10 clients (log scale): min 4, median 20, max 50 steps/s');
});

test('speedHistogram: every client counted once, whatever the bin count', () => {
  const speeds = Array.from({ length: 200 }, (_, i) => 20 * Math.exp(Math.sin(i * 12.9898) * 1.5));
  for (const bins of [1, 3, 7, 12]) assert.equal(counts(speeds, bins).reduce((a, b) => a + b, 0), 200);
  assert.equal(speedHistogram(speeds)!.bins.length, 9, '⌈log₂ 200⌉ + 1');
  assert.equal(speedHistogram(Array.from({ length: 100_000 }, (_, i) => 1 + i))!.bins.length, 12, 'at most 12 bins');
  assert.equal(speedHistogram([1, 2])!.bins.length, 3, 'at least 3 bins when speeds differ');
});

test('speedHistogram: the median of an even count is the mean of the middle two', () => {
  const h = speedHistogram([8, 2, 4, 100])!;
  assert.equal(h.median, 6);
});

test('speedHistogram: equal speeds make one bin; no positive finite speed makes none', () => {
  const h = speedHistogram([20, 20, 20])!;
  assert.deepEqual(h.bins, [{ from: 20, to: 20, count: 3 }]);
  assert.equal(describeSpeeds(h), 'Simulated speed of the 3 clients: 20 steps/s each');
  assert.equal(speedHistogram([]), null);
  assert.equal(speedHistogram([0, -1, Number.NaN, Number.POSITIVE_INFINITY]), null);
  assert.equal(speedHistogram([0, 5, 5])!.clients, 2, 'a speed of 0 has no place on a log scale');
});

test("the run reducer keeps each client group's speeds from run-started", () => {
  const group = (speeds?: number[]) => ({ clientNodeId: 'clients', splitId: 'split', clients: 3, behaviour: 'honest', ...(speeds ? { speeds } : {}) });
  const started = (speeds?: number[]): RunEvent => ({
    type: 'run-started',
    runId: 'r',
    pipeline: 'p',
    seed: 1,
    backend: 'cpu',
    workers: 1,
    federations: [{ aggregatorId: 'fedavg', label: 'FedAvg', strategy: 'FedAvg', rounds: 1, clients: 3, groups: [group(speeds)], weights: 1 }],
    partitions: [],
  });
  assert.deepEqual(applyRunEvents(beginRun(mnistTemplate(), 'tab'), [started([4, 20, 50])]).clientNodeSpeeds, { clients: [4, 20, 50] });
  assert.deepEqual(applyRunEvents(beginRun(mnistTemplate(), 'tab'), [started()]).clientNodeSpeeds, {}, 'no devices, no speeds');
});

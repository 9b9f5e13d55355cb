/** The aggregator node's privacy previews: the clip-norm histogram of a round and one client's masked update. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunEvent, SecureAggregationPreview } from '../../../engine/run/events.js';
import { clipNormHistogram, describeClipNorms } from '../../../renderer/src/store/clipNormHistogram.js';
import { maskedStrips } from '../../../renderer/src/store/maskedStrips.js';
import { applyRunEvents, beginRun } from '../../../renderer/src/store/runReducer.js';
import { mnistTemplate } from './fixtures.js';

const started: RunEvent = {
  type: 'run-started',
  runId: 'r1',
  pipeline: 'MNIST with FedAvg',
  seed: 42,
  backend: 'wasm',
  workers: 1,
  federations: [
    {
      aggregatorId: 'fedavg',
      label: 'FedAvg',
      strategy: 'FedAvg',
      rounds: 3,
      clients: 4,
      groups: [{ clientNodeId: 'clients', splitId: 'split', clients: 4, behaviour: 'honest' }],
      weights: 100,
      privacy: 'client-fixed',
    },
  ],
  partitions: [],
};

const preview = (clientId: number): SecureAggregationPreview => ({
  clientId,
  rows: 1,
  columns: 5,
  update: [0.2, -0.1, 0, 0.05, -0.2],
  masked: [0, 2 ** 31, 4294967295, 123456789, 3000000000],
  average: [0.1, -0.05, 0, 0.02, -0.1],
});

const aggregated = (round: number, extra: Partial<Extract<RunEvent, { type: 'aggregated' }>> = {}): RunEvent => ({
  type: 'aggregated',
  aggregatorId: 'fedavg',
  round,
  participants: 4,
  trainLoss: 1,
  ms: 1,
  ...extra,
});

const run = (events: RunEvent[]) => applyRunEvents(beginRun(mnistTemplate(), 'tab-1'), [started, ...events]);

test("the clip-norm histogram bins a round's update norms from 0 and marks the clip norm C", () => {
  const h = clipNormHistogram([0.1, 0.2, 0.45, 0.5, 0.9], 0.5, 10)!;
  // Top = max(0.9, 1.25·C = 0.625) = 0.9, so C sits at 0.5/0.9 of the axis.
  assert.equal(h.bins.length, 10);
  assert.ok(Math.abs(h.clipAt - 0.5 / 0.9) < 1e-12);
  assert.equal(h.bins.reduce((s, b) => s + b.count, 0), 5);
  assert.equal(h.bins[9].count, 1, 'the largest norm falls in the last bin');
  assert.equal(h.above, 1);
  assert.equal(describeClipNorms(h), '4 of 5 update norms within the clip norm C = 0.500, 1 above');
});

test('clients that clipped leave every norm within C, which then never sits on the right edge', () => {
  const h = clipNormHistogram([0.5, 0.5, 0.31], 0.5)!;
  assert.equal(h.above, 0);
  assert.equal(h.clipAt, 0.8);
  assert.equal(describeClipNorms(h), '3 of 3 update norms within the clip norm C = 0.500');
  assert.equal(clipNormHistogram([], 0.5), null);
  assert.equal(clipNormHistogram([Number.NaN], 0.5), null);
});

test('the masked strips show the real update and the average on one scale around mid-grey, and the received words as ring fractions', () => {
  const s = maskedStrips(preview(3))!;
  assert.equal(s.clientId, 3);
  assert.deepEqual([s.rows, s.columns, s.cell], [1, 5, 8], 'one row of five, cells at most 8 px');
  const mnist = maskedStrips({ clientId: 0, rows: 28, columns: 28, update: Array(784).fill(0), masked: Array(784).fill(0), average: Array(784).fill(0) })!;
  assert.deepEqual([mnist.rows, mnist.columns, mnist.cell], [28, 28, 2], 'a 28 × 28 picture 56 px wide, three to a node');
  assert.equal(s.scale, 0.2);
  assert.deepEqual(s.update, [1, 0.25, 0.5, 0.625, 0]);
  assert.deepEqual(s.average, [0.75, 0.375, 0.5, 0.55, 0.25]);
  // The words exactly as the event carried them, only divided by 2^32 — not recomputed from the update.
  assert.deepEqual(s.masked, preview(3).masked.map((w) => w / 2 ** 32));
  assert.equal(maskedStrips({ clientId: 0, rows: 0, columns: 0, update: [], masked: [], average: [] }), null);
});

test("the aggregator node keeps the last round's norms and masked update, through rounds that bring none", () => {
  let s = run([aggregated(1, { updateNorms: { norms: [0.1, 0.2], clipNorm: 0.5 }, maskedPreview: preview(0) })]);
  assert.deepEqual(s.aggregatorPreviews.fedavg.norms, { round: 1, norms: [0.1, 0.2], clipNorm: 0.5 });
  assert.deepEqual(s.aggregatorPreviews.fedavg.masked, { round: 1, ...preview(0) });
  s = applyRunEvents(s, [aggregated(2, { updateNorms: { norms: [0.3], clipNorm: 0.4 } })]);
  assert.equal(s.aggregatorPreviews.fedavg.norms?.round, 2);
  assert.equal(s.aggregatorPreviews.fedavg.masked?.round, 1, 'the masked update of round 1 stays until another comes');
  s = applyRunEvents(s, [aggregated(3)]);
  assert.equal(s.aggregatorPreviews.fedavg.norms?.round, 2);
  assert.deepEqual(beginRun(mnistTemplate(), 'tab-1').aggregatorPreviews, {}, 'a new run starts with none');
});

test('an aggregated event of an aggregator the run does not know, or without previews, changes nothing', () => {
  const s = run([aggregated(1)]);
  assert.deepEqual(s.aggregatorPreviews, {});
  const other = applyRunEvents(s, [{ ...aggregated(1, { updateNorms: { norms: [1], clipNorm: 1 } }), aggregatorId: 'nope' } as RunEvent]);
  assert.deepEqual(other.aggregatorPreviews, {});
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fedAvg, fedAvgStrategy } from '../../../engine/strategy/fedAvg.js';
import { assertClose, reorderings, snapshot, update } from './helpers.js';

const global = Float32Array.from([0, 0, 0]);

test('FedAvg weights each client by its number of examples', () => {
  // x: (10·1 + 30·0) / 40 = 0.25;  y: (10·0 + 30·2) / 40 = 1.5;  z: (10·3 + 30·(−3)) / 40 = −1.5
  const result = fedAvg(global, [update(0, [1, 0, 3], 10), update(1, [0, 2, -3], 30)]);
  assertClose(result, [0.25, 1.5, -1.5]);
});

test('FedAvg with equal example counts is the plain mean', () => {
  // (1 + 2 + 6) / 3 = 3, (0 + 0 + 3) / 3 = 1, (−1 − 1 − 1) / 3 = −1
  const result = fedAvg(global, [update(0, [1, 0, -1], 5), update(1, [2, 0, -1], 5), update(2, [6, 3, -1], 5)]);
  assertClose(result, [3, 1, -1]);
});

test('FedAvg ignores the previous global weights (it replaces, not steps)', () => {
  const far = Float32Array.from([100, 100, 100]);
  assertClose(fedAvg(far, [update(0, [1, 2, 3])]), [1, 2, 3]);
});

test('FedAvg with no updates keeps the global model, as a copy', () => {
  const result = fedAvg(global, []);
  assert.deepEqual(result, global);
  assert.notEqual(result, global);
  result[0] = 42;
  assert.equal(global[0], 0);
});

test('FedAvg names the client whose update does not fit the model', () => {
  assert.throws(() => fedAvg(global, [update(0, [1, 2, 3]), update(2, [1, 2])]), /Client 2/);
});

test('FedAvg gives the same result whatever order the updates arrive in', () => {
  const updates = [update(5, [0.1, 0.2, 0.3], 7), update(2, [0.7, -0.2, 1e-3], 11), update(9, [3, 1, 4], 2)];
  const expected = fedAvg(global, updates);
  for (const order of reorderings(updates)) assert.deepEqual(fedAvg(global, order), expected);
});

test('FedAvg leaves the global weights and the updates unchanged', () => {
  const g = Float32Array.from([1, 2, 3]);
  const updates = [update(0, [1, 0, 3], 10), update(1, [0, 2, -3], 30)];
  const before = snapshot(updates);
  fedAvg(g, updates);
  assert.deepEqual(g, Float32Array.from([1, 2, 3]));
  assert.deepEqual(updates, before);
});

test('the FedAvg strategy carries Flower\'s name and aggregates like fedAvg', () => {
  const strategy = fedAvgStrategy();
  assert.equal(strategy.name, 'FedAvg');
  assertClose(strategy.aggregate(global, [update(0, [1, 0, 3], 10), update(1, [0, 2, -3], 30)]), [0.25, 1.5, -1.5]);
});

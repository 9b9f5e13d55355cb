import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fedMedian, fedMedianStrategy } from '../../../engine/strategy/fedMedian.js';
import { assertClose, reorderings, snapshot, update } from './helpers.js';

const global = Float32Array.from([0, 0]);

test('FedMedian takes the middle value of each coordinate', () => {
  // x: sorted [1, 2, 100] → 2;  y: sorted [−1, 3, 5] → 3
  assertClose(fedMedian(global, [update(0, [1, 5]), update(1, [2, -1]), update(2, [100, 3])]), [2, 3]);
});

test('FedMedian ignores one wildly wrong client', () => {
  // x: sorted [0.9, 1.0, 1.1, 1e6] → (1.0 + 1.1)/2 = 1.05
  // y: sorted [−1e6, 1.9, 2.0, 2.1] → (1.9 + 2.0)/2 = 1.95
  const honest = [update(0, [1.0, 2.0]), update(1, [1.1, 2.1]), update(2, [0.9, 1.9])];
  assertClose(fedMedian(global, [...honest, update(3, [1e6, -1e6])]), [1.05, 1.95]);
});

test('FedMedian of an even number of clients is the mean of the two middle values', () => {
  // sorted [1, 2, 3, 10] → (2 + 3)/2 = 2.5
  const updates = [update(0, [3]), update(1, [10]), update(2, [1]), update(3, [2])];
  assertClose(fedMedian(Float32Array.from([0]), updates), [2.5]);
});

test('FedMedian counts every client once, however many examples it claims', () => {
  // An attacker claiming a million examples is still one value out of three: median of [0, 1, 50] is 1.
  const result = fedMedian(Float32Array.from([0]), [update(0, [0], 1), update(1, [1], 1), update(2, [50], 1e6)]);
  assertClose(result, [1]);
});

test('FedMedian of a single client is that client\'s weights', () => {
  assertClose(fedMedian(global, [update(4, [0.25, -7])]), [0.25, -7]);
});

test('FedMedian with no updates keeps the global model, as a copy', () => {
  const result = fedMedian(global, []);
  assert.deepEqual(result, global);
  assert.notEqual(result, global);
});

test('FedMedian gives the same result whatever order the updates arrive in', () => {
  const updates = [update(2, [0.3, 1]), update(0, [0.1, -2]), update(5, [0.2, 0.5]), update(1, [0.9, 0.4])];
  const expected = fedMedian(global, updates);
  for (const order of reorderings(updates)) assert.deepEqual(fedMedian(global, order), expected);
});

test('FedMedian leaves the global weights and the updates unchanged', () => {
  const updates = [update(1, [3, 1]), update(0, [1, 3]), update(2, [2, 2])];
  const before = snapshot(updates);
  fedMedian(global, updates);
  assert.deepEqual(updates, before);
  assert.deepEqual(global, Float32Array.from([0, 0]));
});

test('FedMedian names the client whose update does not fit the model', () => {
  const strategy = fedMedianStrategy();
  assert.equal(strategy.name, 'FedMedian');
  assert.throws(() => strategy.aggregate(global, [update(0, [1, 2]), update(9, [1])]), /Client 9/);
});

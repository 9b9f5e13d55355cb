import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fedTrimmedAvg, fedTrimmedAvgStrategy } from '../../../engine/strategy/fedTrimmedAvg.js';
import { assertClose, reorderings, snapshot, update } from './helpers.js';

const global = Float32Array.from([0, 0]);

test('FedTrimmedAvg drops the extremes of each coordinate before averaging', () => {
  // n = 5, β = 0.2 → cut floor(1) = 1 from each end
  // x: sorted [1, 2, 3, 4, 100] → mean(2, 3, 4) = 3;  y: sorted [−50, 0, 1, 2, 3] → mean(0, 1, 2) = 1
  const updates = [update(0, [3, -50]), update(1, [100, 1]), update(2, [1, 2]), update(3, [2, 0]), update(4, [4, 3])];
  assertClose(fedTrimmedAvg(global, updates, 0.2), [3, 1]);
});

test('FedTrimmedAvg cuts nothing when β·n is below one', () => {
  // n = 4, β = 0.2 → floor(0.8) = 0: plain mean (1 + 2 + 3 + 100)/4 = 26.5
  const updates = [update(0, [1]), update(1, [2]), update(2, [3]), update(3, [100])];
  assertClose(fedTrimmedAvg(Float32Array.from([0]), updates, 0.2), [26.5]);
});

test('FedTrimmedAvg with β = 0 is the unweighted mean, not FedAvg', () => {
  // (0 + 1)/2 = 0.5, although FedAvg would give (1·0 + 3·1)/4 = 0.75
  assertClose(fedTrimmedAvg(Float32Array.from([0]), [update(0, [0], 1), update(1, [1], 3)], 0), [0.5]);
});

test('FedTrimmedAvg cuts floor(β·n) from each end as Flower does', () => {
  // sorted column [0, 0, 0, 1, 1, 1, 1, 1, 9, 9], n = 10
  //   β = 0.3 → 0.3·10 = 3.0000000000000004, floor 3 → mean(1, 1, 1, 1) = 1
  //   β = 0.25 → floor(2.5) = 2 → mean(0, 1, 1, 1, 1, 1) = 5/6
  const column = [0, 0, 0, 1, 1, 1, 1, 1, 9, 9];
  const updates = column.map((x, i) => update(i, [x]));
  assertClose(fedTrimmedAvg(Float32Array.from([0]), updates, 0.3), [1]);
  assertClose(fedTrimmedAvg(Float32Array.from([0]), updates, 0.25), [5 / 6]);
});

test('FedTrimmedAvg ignores one wildly wrong client among five', () => {
  // x: sorted [0.9, 1.0, 1.0, 1.1, 1e6] → mean(1.0, 1.0, 1.1) = 1.0333333
  // y: sorted [−1e6, 1.9, 2.0, 2.0, 2.1] → mean(1.9, 2.0, 2.0) = 1.9666667
  const updates = [
    update(0, [1.0, 2.0]),
    update(1, [1.1, 2.1]),
    update(2, [0.9, 1.9]),
    update(3, [1.0, 2.0]),
    update(4, [1e6, -1e6]),
  ];
  assertClose(fedTrimmedAvg(global, updates, 0.2), [1.0333333, 1.9666667]);
});

test('FedTrimmedAvg with no updates keeps the global model, as a copy', () => {
  const result = fedTrimmedAvg(global, [], 0.2);
  assert.deepEqual(result, global);
  assert.notEqual(result, global);
});

test('FedTrimmedAvg rejects a β that would cut every value', () => {
  assert.throws(() => fedTrimmedAvg(global, [update(0, [1, 2])], 0.5), RangeError);
  assert.throws(() => fedTrimmedAvgStrategy(-0.1), RangeError);
});

test('FedTrimmedAvg gives the same result whatever order the updates arrive in', () => {
  const updates = [0.1, 0.7, -0.3, 1e-4, 12.5, 0.33].map((x, i) => update(i * 2 + 1, [x, x / 7]));
  const expected = fedTrimmedAvg(global, updates, 0.2);
  for (const order of reorderings(updates)) assert.deepEqual(fedTrimmedAvg(global, order, 0.2), expected);
});

test('FedTrimmedAvg leaves the global weights and the updates unchanged', () => {
  const updates = [update(1, [3, 1]), update(0, [1, 3]), update(2, [2, 2])];
  const before = snapshot(updates);
  fedTrimmedAvg(global, updates, 0.4);
  assert.deepEqual(updates, before);
  assert.deepEqual(global, Float32Array.from([0, 0]));
});

test('FedTrimmedAvg names the client whose update does not fit the model', () => {
  const strategy = fedTrimmedAvgStrategy(0.2);
  assert.equal(strategy.name, 'FedTrimmedAvg');
  assert.throws(() => strategy.aggregate(global, [update(0, [1, 2]), update(5, [1, 2, 3])]), /Client 5/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  unweightedAverage,
  weightedAverage,
  weightedAverage64,
} from '../../../engine/strategy/weightedAverage.js';
import { assertClose, reorderings, snapshot, update } from './helpers.js';

test('the weighted average counts each client in proportion to its examples', () => {
  // x: (1·1 + 3·4) / 4 = 13/4 = 3.25;  y: (1·2 + 3·(−1)) / 4 = −1/4 = −0.25
  const result = weightedAverage([update(0, [1, 2], 1), update(1, [4, -1], 3)]);
  assert.ok(result instanceof Float32Array);
  assertClose(result, [3.25, -0.25]);
});

test('the unweighted mean counts every client once whatever its examples', () => {
  // x: (1 + 4) / 2 = 2.5;  y: (2 − 1) / 2 = 0.5
  assertClose(unweightedAverage([update(0, [1, 2], 1), update(1, [4, -1], 3)]), [2.5, 0.5]);
});

test('the weighted average does not lose small contributions next to large ones', () => {
  // 2^24 + 1 + 1 − 2^24 = 2 exactly in Float64, so the mean is 2/4 = 0.5;
  // summing in Float32 would drop both 1s (2^24 + 1 rounds to 2^24) and give 0.
  const big = 2 ** 24;
  const updates = [update(0, [big]), update(1, [1]), update(2, [1]), update(3, [-big])];
  assert.equal(weightedAverage(updates)[0], 0.5);
});

test('the weighted average is bit-for-bit the same whatever order the updates arrive in', () => {
  const updates = [0.1, 0.2, 0.3, 1e-7, 12345.678, -0.7].map((x, i) =>
    update(i * 3, [x, x * 1.1, -x / 3], i + 1),
  );
  const expected = weightedAverage(updates);
  for (const order of reorderings(updates)) assert.deepEqual(weightedAverage(order), expected);
});

test('the weighted average falls back to the plain mean when no client reports any examples', () => {
  // 0/0 would be NaN; (2 + 4) / 2 = 3 keeps the model usable.
  assertClose(weightedAverage([update(0, [2], 0), update(1, [4], 0)]), [3]);
});

test('the weighted average keeps Float64 precision when asked for it', () => {
  // (1·0.1f + 2·0.2f) / 3, computed without rounding to Float32 in between.
  const a = Math.fround(0.1);
  const b = Math.fround(0.2);
  const result = weightedAverage64([update(0, [0.1], 1), update(1, [0.2], 2)]);
  assert.ok(result instanceof Float64Array);
  assert.equal(result[0], (a + 2 * b) / 3);
});

test('the weighted average names the client whose update has the wrong length', () => {
  assert.throws(() => weightedAverage([update(0, [1, 2]), update(7, [1, 2, 3])]), /Client 7 sent 3 weights/);
  assert.throws(() => weightedAverage([update(0, [1, 2])], 3), /Client 0 sent 2 weights.*global model has 3/);
});

test('the weighted average refuses two updates from the same client', () => {
  assert.throws(() => weightedAverage([update(4, [1]), update(4, [2])]), /Client 4 sent more than one update/);
});

test('the weighted average refuses a negative number of examples', () => {
  assert.throws(() => weightedAverage([update(0, [1], -1)]), /Client 0 reported an invalid number of examples/);
});

test('the weighted average of nothing is an error rather than a silent empty model', () => {
  assert.throws(() => weightedAverage([]), RangeError);
});

test('the weighted average leaves its inputs unchanged', () => {
  const updates = [update(1, [1, 2], 5), update(0, [3, 4], 2)];
  const before = snapshot(updates);
  weightedAverage(updates);
  unweightedAverage(updates);
  assert.deepEqual(updates, before);
});

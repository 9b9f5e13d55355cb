/** A remote client's hold-out draw: how many rows, which ones, the same every time, and never all of them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { holdoutSplit } from '../../../engine/remote/localHoldout.js';

test('keeps floor(F·n) rows out, drawn the same way on every join, the rest in file order', () => {
  const a = holdoutSplit(151, 0.2);
  assert.equal(a.holdout.length, 30);
  assert.equal(a.train.length, 121);
  assert.deepEqual([...a.train, ...a.holdout].sort((x, y) => x - y), Array.from({ length: 151 }, (_, i) => i), 'every row once');
  assert.deepEqual(a.train, [...a.train].sort((x, y) => x - y));
  assert.deepEqual(holdoutSplit(151, 0.2), a, 'seeded');
  assert.notDeepEqual(holdoutSplit(151, 0.2, 7).holdout, a.holdout, 'another seed, other rows');
  assert.notDeepEqual(a.holdout, Array.from({ length: 30 }, (_, i) => 121 + i), 'not simply the last rows');
});

test('no hold-out at 0, one training row always left, and a fraction above one half refused', () => {
  assert.deepEqual(holdoutSplit(5, 0), { train: [0, 1, 2, 3, 4], holdout: [] });
  assert.deepEqual(holdoutSplit(1, 0.5).train, [0]);
  assert.equal(holdoutSplit(2, 0.5).holdout.length, 1);
  assert.throws(() => holdoutSplit(10, 0.6), /from 0 to 0.5/);
  assert.throws(() => holdoutSplit(10, Number.NaN), /from 0 to 0.5/);
});

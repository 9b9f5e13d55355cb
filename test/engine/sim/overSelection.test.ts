/** Over-selection: ask more, keep the first K to finish, ties to the lower client id. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstToFinish, overSampleCount } from '../../../engine/sim/overSelection.js';

test('⌈K·(1 + extra)⌉ clients are asked, never more than are available', () => {
  assert.equal(overSampleCount(10, 0.3, 100), 13);
  assert.equal(overSampleCount(10, 0.25, 100), 13); // ⌈12.5⌉
  assert.equal(overSampleCount(10, 0.2, 100), 12); // exactly 12, not 13 from rounding error
  assert.equal(overSampleCount(10, 0.3, 11), 11);
  assert.equal(overSampleCount(10, 0, 100), 10);
});

test('the first K by simulated finish time are kept, ties broken by client id, returned in client-id order', () => {
  const answers = [
    { cid: 4, finish: 3 },
    { cid: 1, finish: 5 },
    { cid: 2, finish: 3 },
    { cid: 0, finish: 9 },
    { cid: 3, finish: 1 },
  ];
  const { kept, late } = firstToFinish(answers, 3);
  assert.deepEqual(kept.map((a) => a.cid), [2, 3, 4]);
  assert.deepEqual(late.map((a) => a.cid), [0, 1]);
  // A tie at the cut: of cids 2 and 4 (both at 3 s) only the lower id makes a K of 2.
  assert.deepEqual(firstToFinish(answers, 2).kept.map((a) => a.cid), [2, 3]);
});

/** The status bar's estimate of the time left: from the rounds done, every federation's rounds summed. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RoundRecord } from '../../../engine/run/events.js';
import { remainingMs } from '../../../renderer/src/store/runEta.js';

const rec = (round: number, ms: number) => ({ round, ms }) as RoundRecord;

test('no estimate before each federation has finished a round', () => {
  assert.equal(remainingMs([{ rounds: 10, records: [] }]), null);
  assert.equal(remainingMs([{ rounds: 10, records: [rec(1, 500)] }, { rounds: 10, records: [] }]), null);
});

test('after round 1 of 10 at 2 s, about 18 s are left', () => {
  assert.equal(remainingMs([{ rounds: 10, records: [rec(1, 2000)] }]), 18_000);
});

test('federations run one after another each round, so their times add up; a finished one adds nothing', () => {
  const left = remainingMs([
    { rounds: 5, records: [rec(1, 1000), rec(2, 3000)] },
    { rounds: 3, records: [rec(1, 400), rec(2, 400), rec(3, 400)] },
  ]);
  assert.equal(left, 2000 * 3);
});

test('evaluated every few rounds, the rounds left count from the last one recorded', () => {
  assert.equal(remainingMs([{ rounds: 10, records: [rec(5, 1000)] }]), 5000);
});

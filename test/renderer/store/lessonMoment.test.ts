import assert from 'node:assert/strict';
import { test } from 'node:test';
import { advanceOnMoment, pendingLine, runMoment } from '../../../renderer/src/store/lessonMoment.js';
import { noteSections } from '../../../renderer/src/store/lessonSteps.js';
import type { FederationMetrics, RunState } from '../../../renderer/src/store/runState.js';

type Run = Pick<RunState, 'tabKey' | 'status' | 'federations' | 'federationOrder'>;

/** A run of `tabKey` whose federations have finished these rounds. */
function run(status: RunState['status'], roundsDone: Record<string, number>, tabKey = 'tab-1'): Run {
  const federations: Record<string, FederationMetrics> = {};
  for (const [id, done] of Object.entries(roundsDone)) {
    federations[id] = { aggregatorId: id, records: Array.from({ length: done }, (_, i) => ({ round: i + 1 })) } as unknown as FederationMetrics;
  }
  return { tabKey, status, federations, federationOrder: Object.keys(roundsDone) };
}

const steps = noteSections('note', 'Note', '## What to look at\na\n## After round 1\nb\n## After the run\nc\n## What to try next\nd');

test('the run reaches round 1 when every federation of the lesson tab has finished its first round', () => {
  assert.equal(runMoment(run('idle', {}, ''), 'tab-1'), 'before');
  assert.equal(runMoment(run('running', { a: 0, b: 0 }), 'tab-1'), 'before');
  assert.equal(runMoment(run('running', { a: 1, b: 0 }), 'tab-1'), 'before', 'one federation still in round 1');
  assert.equal(runMoment(run('running', { a: 1, b: 1 }), 'tab-1'), 'round1');
  assert.equal(runMoment(run('running', { a: 3, b: 2 }), 'tab-1'), 'round1');
  assert.equal(runMoment(run('finished', { a: 5, b: 5 }), 'tab-1'), 'finished');
});

test("another tab's run is no moment of this lesson", () => {
  assert.equal(runMoment(run('finished', { a: 5 }, 'tab-2'), 'tab-1'), 'before');
  assert.equal(runMoment(run('running', { a: 1 }, 'tab-2'), 'tab-1'), 'before');
  assert.equal(runMoment(run('running', { a: 1 }), null), 'before');
});

test('a step whose moment has not come says so in one line; once it has come, nothing', () => {
  assert.equal(pendingLine(steps[1], 'before'), 'Step one round to see this.');
  assert.equal(pendingLine(steps[2], 'before'), 'Run to the end to see this.');
  assert.equal(pendingLine(steps[2], 'round1'), 'Run to the end to see this.');
  assert.equal(pendingLine(steps[1], 'round1'), null);
  assert.equal(pendingLine(steps[2], 'finished'), null);
  assert.equal(pendingLine(steps[0], 'before'), null, '"What to look at" is for before the run');
  assert.equal(pendingLine(steps[3], 'before'), null, '"What to try next" belongs to no moment');
  assert.equal(pendingLine(null, 'before'), null);
});

test('the end of round 1 moves the lesson from "What to look at" to "After round 1"; the end of the run to "After the run"', () => {
  assert.equal(advanceOnMoment(steps, 0, 'before', 'round1'), 1);
  assert.equal(advanceOnMoment(steps, 1, 'round1', 'finished'), 2);
  assert.equal(advanceOnMoment(steps, 0, 'before', 'finished'), 2, 'a run to the end without stepping');
});

test('moments only move the lesson forward: a reader ahead of the run, or a new run starting, stays put', () => {
  assert.equal(advanceOnMoment(steps, 3, 'before', 'round1'), null, 'already on "What to try next"');
  assert.equal(advanceOnMoment(steps, 2, 'before', 'round1'), null, 'reading ahead');
  assert.equal(advanceOnMoment(steps, 1, 'before', 'round1'), null, 'already there');
  assert.equal(advanceOnMoment(steps, 2, 'finished', 'before'), null, 'a new run starts');
  assert.equal(advanceOnMoment(steps, 0, 'round1', 'round1'), null, 'no new moment');
});

test('a lesson without the moment headings is not moved; one without "After the run" moves to the moment passed on the way', () => {
  assert.equal(advanceOnMoment(noteSections('n', 'N', 'plain text'), 0, 'before', 'finished'), null);
  const noEnd = noteSections('n', 'N', '## What to look at\na\n## After round 1\nb\n## What to try next\nc');
  assert.equal(advanceOnMoment(noEnd, 0, 'before', 'finished'), 1);
});

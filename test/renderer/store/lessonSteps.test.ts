import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PipelineDocument, PipelineNode } from '../../../engine/format/pipeline.js';
import { headingMoment, LESSON_NO_DOCUMENT, LESSON_NO_NOTES, lessonSteps, lessonView, noteSections } from '../../../renderer/src/store/lessonSteps.js';
import { createViewStore } from '../../../renderer/src/store/viewStore.js';
import { mnistTemplate } from './fixtures.js';

const note = (id: string, x: number, y: number, text = `text of ${id}`): PipelineNode =>
  ({ id, kind: 'note', label: `Note ${id}`, position: { x, y }, params: { text } }) as PipelineNode;

function withNotes(...notes: PipelineNode[]): PipelineDocument {
  const doc = mnistTemplate();
  return { ...doc, nodes: [...doc.nodes.filter((n) => n.kind !== 'note'), ...notes] };
}

test('lesson steps are the notes, ordered top to bottom, then left to right', () => {
  const doc = withNotes(note('c', 400, 300), note('a', 500, 0), note('b', 0, 300), note('d', 0, 900));
  const steps = lessonSteps(doc);
  assert.deepEqual(steps.map((s) => s.nodeId), ['a', 'b', 'c', 'd']);
  assert.equal(steps[0].text, 'text of a');
  assert.equal(steps[0].label, 'Note a');
  assert.ok(!steps.some((s) => doc.nodes.find((n) => n.id === s.nodeId)?.kind !== 'note'), 'only notes are steps');
});

test('notes at the same place keep document order', () => {
  const doc = withNotes(note('second', 10, 10), note('first', 10, 10));
  assert.deepEqual(lessonSteps(doc).map((s) => s.nodeId), ['second', 'first']);
});

test("a template's note is four steps, one per section, each tied to its moment of the run", () => {
  const view = lessonView(mnistTemplate(), 0);
  assert.deepEqual(view.steps.map((s) => s.label), ['What to look at', 'After round 1', 'After the run', 'What to try next']);
  assert.deepEqual(view.steps.map((s) => s.moment), ['before', 'round1', 'finished', undefined]);
  assert.ok(view.steps.every((s) => s.nodeId === 'note' && s.text.length > 0 && !s.text.includes('## ')), 'the heading is the title, not part of the text');
  assert.equal(view.empty, null);
});

test('a note is cut into steps at its ## headings; text before the first is a step titled with the label', () => {
  const text = 'Intro line.\n\n## What to look at\nThe split.\n\n### A smaller heading stays inside\nmore\n## After round 1: the results\nAbove 60%.\n##NoSpace is text\n## What to try next ##\nTry E=2.';
  const steps = noteSections('n', 'My note', text);
  assert.deepEqual(steps.map((s) => s.label), ['My note', 'What to look at', 'After round 1: the results', 'What to try next']);
  assert.deepEqual(steps.map((s) => s.moment), [undefined, 'before', 'round1', undefined]);
  assert.equal(steps[0].text, 'Intro line.');
  assert.equal(steps[1].text, 'The split.\n\n### A smaller heading stays inside\nmore');
  assert.equal(steps[2].text, 'Above 60%.\n##NoSpace is text');
  assert.ok(steps.every((s) => s.nodeId === 'n'));
});

test('a note without a ## heading stays one step; an empty note one empty step', () => {
  assert.deepEqual(noteSections('n', 'Plain', '# Title\nJust text.'), [{ nodeId: 'n', label: 'Plain', text: '# Title\nJust text.' }]);
  assert.deepEqual(noteSections('n', 'Empty', ''), [{ nodeId: 'n', label: 'Empty', text: '' }]);
});

test('a ## line inside a fenced code block is code, not a new step', () => {
  const steps = noteSections('n', 'Code', '## What to look at\n```\n## not a heading\n```\nafter');
  assert.equal(steps.length, 1);
  assert.match(steps[0].text, /## not a heading/);
});

test("the steps of several notes follow the notes' order, each keeping its note's id", () => {
  const doc = withNotes(note('b', 0, 500, '## After round 1\nx\n## After the run\ny'), note('a', 0, 0, '## What to look at\nw'));
  assert.deepEqual(lessonSteps(doc).map((s) => `${s.nodeId}:${s.label}`), ['a:What to look at', 'b:After round 1', 'b:After the run']);
});

test('headings name moments case aside, with or without more after them', () => {
  assert.equal(headingMoment('what to look at'), 'before');
  assert.equal(headingMoment('After round 1 (two federations)'), 'round1');
  assert.equal(headingMoment('After the run'), 'finished');
  assert.equal(headingMoment('What to try next'), undefined);
  assert.equal(headingMoment('Your own CSV'), undefined);
});

test('lessonView clamps the step index to the steps there are', () => {
  const doc = withNotes(note('a', 0, 0), note('b', 0, 100));
  assert.equal(lessonView(doc, 5).index, 1);
  assert.equal(lessonView(doc, 5).step?.nodeId, 'b');
  assert.equal(lessonView(doc, -3).index, 0);
  assert.equal(lessonView(doc, Number.NaN).index, 0);
});

test('no notes gives a friendly empty state; no document another', () => {
  const none = lessonView(withNotes(), 0);
  assert.deepEqual(none.steps, []);
  assert.equal(none.step, null);
  assert.equal(none.empty, LESSON_NO_NOTES);
  assert.match(LESSON_NO_NOTES, /Note node/);
  assert.equal(lessonView(null, 0).empty, LESSON_NO_DOCUMENT);
});

test('the view store keeps lesson mode and the step per tab', () => {
  const view = createViewStore();
  assert.equal(view.getState().lessonMode, false);
  view.getState().toggleLessonMode();
  assert.equal(view.getState().lessonMode, true);
  view.getState().setLessonStep('tab-1', 2);
  view.getState().setLessonStep('tab-2', -1);
  assert.deepEqual(view.getState().lessonSteps, { 'tab-1': 2, 'tab-2': 0 });
  assert.equal(createViewStore({ lessonMode: true }).getState().lessonMode, true, 'starts as saved');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PipelineDocument, PipelineNode } from '../../../engine/format/pipeline.js';
import { LESSON_NO_DOCUMENT, LESSON_NO_NOTES, lessonSteps, lessonView } from '../../../renderer/src/store/lessonSteps.js';
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

test('the template note is one step', () => {
  const view = lessonView(mnistTemplate(), 0);
  assert.equal(view.steps.length, 1);
  assert.equal(view.step?.nodeId, 'note');
  assert.match(view.step?.text ?? '', /What to look at/);
  assert.equal(view.empty, null);
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

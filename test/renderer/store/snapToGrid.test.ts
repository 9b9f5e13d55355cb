/** Snap to Grid is a view setting: off at first, toggled by its command, never part of a document. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createViewStore } from '../../../renderer/src/store/viewStore.js';

test('snapping to the grid starts off and the command turns it on and off again', () => {
  const view = createViewStore();
  assert.equal(view.getState().snapToGrid, false);
  view.getState().toggleSnapToGrid();
  assert.equal(view.getState().snapToGrid, true);
  view.getState().toggleSnapToGrid();
  assert.equal(view.getState().snapToGrid, false);
});

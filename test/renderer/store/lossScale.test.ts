import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createViewStore } from '../../../renderer/src/store/viewStore.js';

test('the loss scale starts linear and is remembered as view state, apart from the document', () => {
  const view = createViewStore();
  assert.equal(view.getState().lossScale, 'linear');
  view.getState().setLossScale('log');
  assert.equal(view.getState().lossScale, 'log');
  view.getState().setMetricsAxis('time');
  assert.equal(view.getState().lossScale, 'log', 'changing the x axis keeps the loss scale');
});

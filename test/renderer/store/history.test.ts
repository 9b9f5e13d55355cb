import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HISTORY_LIMIT } from '../../../renderer/src/store/history.js';
import { activeDoc, storeWithTemplate } from './fixtures.js';

const pos = (store: ReturnType<typeof storeWithTemplate>, id: string) => activeDoc(store).nodes.find((n) => n.id === id)!.position;

test('each edit is one undo step, and redo replays it', () => {
  const store = storeWithTemplate();
  const s = store.getState();
  const original = activeDoc(store);
  s.setParam('split', 'numClients', 20);
  s.setParam('split', 'numClients', 30);
  s.undo();
  assert.equal(activeDoc(store).nodes[1].params.numClients, 20);
  s.undo();
  assert.equal(activeDoc(store), original, 'undo restores the very same document');
  s.undo();
  assert.equal(activeDoc(store), original, 'nothing left to undo');
  s.redo();
  s.redo();
  assert.equal(activeDoc(store).nodes[1].params.numClients, 30);
});

test('a whole node drag is one undo step', () => {
  const store = storeWithTemplate();
  const s = store.getState();
  const start = { ...pos(store, 'split') };
  s.beginTransaction();
  for (let i = 1; i <= 25; i++) s.moveNodes({ split: { x: start.x + i * 4, y: start.y + i } });
  s.endTransaction();
  assert.deepEqual(pos(store, 'split'), { x: start.x + 100, y: start.y + 25 });
  s.undo();
  assert.deepEqual(pos(store, 'split'), start);
  s.redo();
  assert.deepEqual(pos(store, 'split'), { x: start.x + 100, y: start.y + 25 });
});

test('a transaction with no change adds no step', () => {
  const store = storeWithTemplate();
  const s = store.getState();
  s.setParam('split', 'numClients', 12);
  s.beginTransaction();
  s.endTransaction();
  s.undo();
  assert.equal(activeDoc(store).nodes[1].params.numClients, 10, 'the one undo undid the edit, not an empty drag');
  assert.equal(store.getState().tabs[0].history.past.length, 0);
});

test('undo during a drag closes the drag first and undoes it', () => {
  const store = storeWithTemplate();
  const s = store.getState();
  const start = { ...pos(store, 'mlp') };
  s.beginTransaction();
  s.moveNodes({ mlp: { x: 1, y: 1 } });
  s.undo();
  assert.deepEqual(pos(store, 'mlp'), start);
});

test('edits with the same coalesce key (one field while focused) are one step', () => {
  const store = storeWithTemplate();
  const s = store.getState();
  for (const v of [0.1, 0.15, 0.155]) s.setParam('clients', 'learningRate', v, { coalesce: 'clients.learningRate#1' });
  s.setParam('clients', 'localEpochs', 3, { coalesce: 'clients.localEpochs#2' });
  s.undo();
  assert.equal(activeDoc(store).nodes[3].params.learningRate, 0.155);
  assert.equal(activeDoc(store).nodes[3].params.localEpochs, 1);
  s.undo();
  assert.equal(activeDoc(store).nodes[3].params.learningRate, 0.01);
});

test('a new edit after undo drops the redo steps', () => {
  const store = storeWithTemplate();
  const s = store.getState();
  s.setParam('split', 'numClients', 20);
  s.undo();
  s.setParam('split', 'numClients', 40);
  s.redo();
  assert.equal(activeDoc(store).nodes[1].params.numClients, 40);
});

test('the history keeps a bounded number of steps', () => {
  const store = storeWithTemplate();
  const s = store.getState();
  for (let i = 1; i <= HISTORY_LIMIT + 20; i++) s.setParam('split', 'numClients', i + 10);
  const tab = store.getState().tabs[0];
  assert.equal(tab.history.past.length, HISTORY_LIMIT);
});

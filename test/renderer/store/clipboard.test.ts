import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyNodes, isClipboardContent, pasteNodes } from '../../../renderer/src/store/clipboard.js';
import { activeDoc, mnistTemplate, storeWithTemplate } from './fixtures.js';

test('copy keeps the chosen nodes and only the edges among them', () => {
  const clip = copyNodes(mnistTemplate(), ['split', 'clients', 'mlp']);
  assert.deepEqual(clip.nodes.map((n) => n.id), ['split', 'mlp', 'clients']);
  assert.deepEqual(clip.edges.map((e) => e.id), ['e2', 'e3']);
  assert.ok(isClipboardContent(JSON.parse(JSON.stringify(clip))));
});

test('paste gives fresh node ids, remaps the edges among them and offsets positions', () => {
  const doc = mnistTemplate();
  const clip = copyNodes(doc, ['split', 'clients', 'mlp']);
  const { doc: next, nodeIds, edgeIds } = pasteNodes(doc, clip, { x: 50, y: 60 });
  assert.deepEqual(nodeIds, ['split-1', 'mlp-1', 'clients-1']);
  assert.equal(next.nodes.length, doc.nodes.length + 3);
  const ids = new Set(doc.edges.map((e) => e.id));
  assert.equal(edgeIds.length, 2);
  assert.ok(edgeIds.every((id) => !ids.has(id)), 'pasted edges get fresh ids');
  const pasted = next.edges.filter((e) => edgeIds.includes(e.id));
  assert.deepEqual(
    pasted.map((e) => [e.source, e.target]),
    [
      ['split-1', 'clients-1'],
      ['mlp-1', 'clients-1'],
    ],
  );
  const split = next.nodes.find((n) => n.id === 'split-1')!;
  assert.deepEqual(split.position, { x: 310, y: 140 });
  assert.deepEqual(split.params, doc.nodes[1].params);
  assert.notEqual(split.params, doc.nodes[1].params, 'params are copied, not shared');
});

test('edges to nodes outside the copy are dropped', () => {
  const doc = mnistTemplate();
  const { doc: next, edgeIds } = pasteNodes(doc, copyNodes(doc, ['clients']));
  assert.deepEqual(edgeIds, []);
  assert.equal(next.edges.length, doc.edges.length);
});

test('pasting twice never reuses an id', () => {
  const store = storeWithTemplate();
  const s = store.getState();
  const clip = s.copy(['fedavg', 'eval'])!;
  const first = s.paste(clip);
  const second = s.paste(clip);
  assert.deepEqual(first, ['fedavg-1', 'eval-1']);
  assert.deepEqual(second, ['fedavg-2', 'eval-2']);
  const doc = activeDoc(store);
  assert.equal(new Set(doc.nodes.map((n) => n.id)).size, doc.nodes.length);
  assert.equal(new Set(doc.edges.map((e) => e.id)).size, doc.edges.length);
  s.undo();
  assert.equal(activeDoc(store).nodes.length, 9, 'a paste is one undo step');
});

test('copying nothing gives nothing to paste', () => {
  const store = storeWithTemplate();
  assert.equal(store.getState().copy([]), null);
});

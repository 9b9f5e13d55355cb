import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validatePipeline } from '../../../engine/format/validate.js';
import {
  addNode,
  connect,
  deleteElements,
  disconnect,
  moveNodes,
  setDocumentFields,
  setLabel,
  setParam,
  setParams,
} from '../../../renderer/src/store/documentEdits.js';
import { emptyDocument } from '../../../renderer/src/store/documentsStore.js';
import { activeDoc, mnistTemplate, storeWithTemplate } from './fixtures.js';

test('addNode gives each new node a fresh readable id and the params its kind starts with', () => {
  let doc = emptyDocument();
  const a = addNode(doc, 'split', { x: 10, y: 20 });
  doc = a.doc;
  const b = addNode(doc, 'split', { x: 0, y: 0 });
  assert.equal(a.id, 'split-1');
  assert.equal(b.id, 'split-2');
  assert.deepEqual(b.doc.nodes[0].position, { x: 10, y: 20 });
  assert.deepEqual(b.doc.nodes[1].params, { method: 'iid', numClients: 10 });
});

test('every kind a palette adds starts with params its schema accepts', () => {
  let doc = emptyDocument();
  for (const kind of ['dataset', 'split', 'model', 'client', 'aggregator', 'evaluate', 'note'] as const) {
    doc = addNode(doc, kind, { x: 0, y: 0 }).doc;
  }
  const paramProblems = validatePipeline(doc).filter((p) => p.field?.startsWith('params'));
  assert.deepEqual(paramProblems, []);
});

test('moveNodes moves only the named nodes and keeps the others identical', () => {
  const doc = mnistTemplate();
  const moved = moveNodes(doc, { split: { x: 1, y: 2 } });
  assert.deepEqual(moved.nodes.find((n) => n.id === 'split')!.position, { x: 1, y: 2 });
  assert.equal(moved.nodes.find((n) => n.id === 'mnist'), doc.nodes.find((n) => n.id === 'mnist'));
  assert.equal(moveNodes(doc, { split: { ...doc.nodes[1].position } }), doc, 'a move to the same place is no edit');
});

test('deleting a node removes every edge touching it', () => {
  const doc = deleteElements(mnistTemplate(), ['split']);
  assert.equal(doc.nodes.some((n) => n.id === 'split'), false);
  assert.deepEqual(doc.edges.map((e) => e.id), ['e3', 'e4', 'e5']);
  assert.deepEqual(disconnect(doc, 'e4').edges.map((e) => e.id), ['e3', 'e5']);
});

test('connect follows the port table: right types connect; wrong types and a taken single input are refused', () => {
  let doc = deleteElements(mnistTemplate(), [], ['e1']);
  const ok = connect(doc, { source: 'mnist', sourceHandle: 'data', target: 'split', targetHandle: 'data' });
  assert.equal(ok.verdict.ok, true);
  assert.equal(ok.doc.edges.length, doc.edges.length + 1);
  assert.equal(ok.doc.edges.at(-1)!.id, ok.edgeId);
  doc = ok.doc;
  const wrongType = connect(doc, { source: 'mlp', sourceHandle: 'model', target: 'fedavg', targetHandle: 'updates' });
  assert.equal(wrongType.verdict.ok, false);
  assert.equal(wrongType.doc, doc);
  const taken = connect(doc, { source: 'mnist', sourceHandle: 'data', target: 'split', targetHandle: 'data' });
  assert.equal(taken.verdict.ok, false);
});

test('connect fills in the handles of single-port kinds, so edges in the file name both ends', () => {
  const doc = deleteElements(mnistTemplate(), [], ['e5']);
  const { doc: next } = connect(doc, { source: 'fedavg', target: 'eval' });
  const edge = next.edges.at(-1)!;
  assert.equal(edge.sourceHandle, 'global');
  assert.equal(edge.targetHandle, 'global');
});

test('setParam sets and removes one param; setParams with equal values is no edit', () => {
  const doc = mnistTemplate();
  const a = setParam(doc, 'split', 'numClients', 20);
  assert.equal(a.nodes.find((n) => n.id === 'split')!.params.numClients, 20);
  const b = setParam(a, 'split', 'numClients', undefined);
  assert.equal('numClients' in b.nodes.find((n) => n.id === 'split')!.params, false);
  assert.equal(setParams(doc, 'split', { method: 'iid', numClients: 10 }), doc);
  assert.equal(setParam(doc, 'split', 'numClients', 10), doc);
});

test('setLabel and setDocumentFields edit labels and document fields', () => {
  const doc = mnistTemplate();
  assert.equal(setLabel(doc, 'split', 'Halves').nodes[1].label, 'Halves');
  assert.equal('label' in setLabel(doc, 'split', '  ').nodes[1], false);
  const renamed = setDocumentFields(doc, { name: 'Mine', seed: 7 });
  assert.equal(renamed.name, 'Mine');
  assert.equal(renamed.seed, 7);
  assert.equal(setDocumentFields(doc, { name: doc.name }), doc);
});

test('the store applies edits to the active document only', () => {
  const store = storeWithTemplate();
  const first = store.getState().activeKey!;
  store.getState().openDocument({ name: 'b', path: null, doc: emptyDocument('b') });
  const id = store.getState().addNode('model', { x: 5, y: 5 });
  assert.equal(id, 'model-1');
  assert.equal(activeDoc(store).nodes.length, 1);
  store.getState().setActive(first);
  assert.equal(activeDoc(store).nodes.length, 7);
  assert.equal(store.getState().connect({ source: 'mlp', target: 'fedavg', targetHandle: 'updates' }).ok, false);
});

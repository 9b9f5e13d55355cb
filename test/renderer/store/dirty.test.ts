import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDirty, tabTitle } from '../../../renderer/src/store/documentTab.js';
import { createDocumentsStore, emptyDocument } from '../../../renderer/src/store/documentsStore.js';
import { openText } from '../../../renderer/src/store/openText.js';
import { documentText } from '../../../renderer/src/store/serialize.js';
import { mnistTemplate, storeWithTemplate } from './fixtures.js';

const activeTab = (store: ReturnType<typeof storeWithTemplate>) => {
  const s = store.getState();
  return s.tabs.find((t) => t.key === s.activeKey)!;
};

test('an opened file is clean; an edit makes it dirty; undo back to the saved version makes it clean', () => {
  const store = storeWithTemplate();
  assert.equal(isDirty(activeTab(store)), false);
  store.getState().setParam('split', 'numClients', 5);
  assert.equal(isDirty(activeTab(store)), true);
  store.getState().undo();
  assert.equal(isDirty(activeTab(store)), false);
  store.getState().redo();
  assert.equal(isDirty(activeTab(store)), true);
});

test('saving makes a tab clean, and undoing past the save makes it dirty again', () => {
  const store = storeWithTemplate();
  const s = store.getState();
  s.setParam('split', 'numClients', 5);
  s.markSaved({ path: '/tmp/other.fedflow.json', name: 'other.fedflow.json' });
  const tab = activeTab(store);
  assert.equal(isDirty(tab), false);
  assert.equal(tab.path, '/tmp/other.fedflow.json');
  assert.equal(tab.name, 'other.fedflow.json');
  s.undo();
  assert.equal(isDirty(activeTab(store)), true);
  s.redo();
  assert.equal(isDirty(activeTab(store)), false);
});

test('an edit reverted by hand leaves the tab clean', () => {
  const store = storeWithTemplate();
  const s = store.getState();
  s.setParam('split', 'numClients', 5);
  s.setParam('split', 'numClients', 10);
  assert.equal(isDirty(activeTab(store)), false);
});

test('a new document is clean until edited; a restored crash copy is dirty', () => {
  const store = createDocumentsStore();
  store.getState().openDocument({ name: 'Untitled', path: null, doc: emptyDocument() });
  assert.equal(isDirty(activeTab(store)), false);
  store.getState().addNode('note', { x: 0, y: 0 });
  assert.equal(isDirty(activeTab(store)), true);
  store.getState().openDocument({ name: 'Recovered', path: '/tmp/a.fedflow.json', doc: mnistTemplate(), unsaved: true });
  assert.equal(isDirty(activeTab(store)), true);
});

test('a file that cannot be parsed keeps its text, read-only, with its problems', () => {
  const store = createDocumentsStore();
  const input = openText({ name: 'bad.fedflow.json', path: '/tmp/bad.fedflow.json', text: '{"format": "fedflow/pipeline@9", "nodes": []}' });
  store.getState().openDocument(input);
  const tab = activeTab(store);
  assert.equal(tab.doc, null);
  assert.equal(tab.rawText, '{"format": "fedflow/pipeline@9", "nodes": []}');
  assert.match(tab.loadProblems[0].message, /newer FedFlow Studio/);
  assert.equal(isDirty(tab), false);
  store.getState().addNode('note', { x: 0, y: 0 });
  assert.equal(activeTab(store).rawText, '{"format": "fedflow/pipeline@9", "nodes": []}', 'edits do not touch it');
});

test('the saved text is the document as JSON, and reading it back gives the same document', () => {
  const doc = mnistTemplate();
  const input = openText({ name: 'x', path: null, text: documentText(doc) });
  assert.deepEqual(input.doc, doc);
});

test('closing the active tab activates its neighbour', () => {
  const store = createDocumentsStore();
  const s = store.getState();
  const a = s.openDocument({ name: 'a', path: null, doc: emptyDocument('a') });
  const b = s.openDocument({ name: 'b', path: null, doc: emptyDocument('b') });
  const c = s.openDocument({ name: 'c', path: null, doc: emptyDocument('c') });
  s.setActive(b);
  s.closeTab(b);
  assert.equal(store.getState().activeKey, c);
  s.closeTab(c);
  assert.equal(store.getState().activeKey, a);
  s.closeTab(a);
  assert.equal(store.getState().activeKey, null);
});

test("an unsaved document's tab follows the pipeline's name; a saved one shows its file name", () => {
  const store = createDocumentsStore();
  store.getState().openDocument({ name: 'Untitled-1', path: null, doc: emptyDocument('Untitled-1') });
  store.getState().setDocumentFields({ name: 'Hospitals demo' });
  const tab = () => store.getState().tabs[0];
  assert.equal(tabTitle(tab()), 'Hospitals demo');
  assert.equal(tabTitle({ ...tab(), path: '/work/demo.fedflow.json', name: 'demo.fedflow.json' }), 'demo.fedflow.json');
});

/** Documents and stores shared by the store tests. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import { parsePipelineText } from '../../../engine/format/validate.js';
import { createDocumentsStore, type DocumentsStore } from '../../../renderer/src/store/documentsStore.js';

/** The MNIST FedAvg template, parsed. */
export function mnistTemplate(): PipelineDocument {
  const url = new URL('../../../../templates/mnist-fedavg.fedflow.json', import.meta.url);
  const { doc } = parsePipelineText(readFileSync(fileURLToPath(url), 'utf8'));
  if (!doc) throw new Error('template did not parse');
  return doc;
}

/** A documents store with the template open as a saved file. */
export function storeWithTemplate(): DocumentsStore {
  let n = 0;
  const store = createDocumentsStore(() => `tab-${++n}`);
  store.getState().openDocument({ name: 'mnist-fedavg.fedflow.json', path: '/tmp/mnist-fedavg.fedflow.json', doc: mnistTemplate() });
  return store;
}

/** The active document of a store. */
export function activeDoc(store: DocumentsStore): PipelineDocument {
  const s = store.getState();
  const doc = s.tabs.find((t) => t.key === s.activeKey)?.doc;
  if (!doc) throw new Error('no active document');
  return doc;
}

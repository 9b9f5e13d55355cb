/** The dataset node: where the examples come from. */
import { datasetParams } from '../format/params.js';
import { PORT_TYPES } from '../format/portTypes.js';
import { count, defineNodeKind } from './nodeKindSpec.js';

export const datasetSpec = defineNodeKind({
  kind: 'dataset',
  title: 'Dataset',
  description: 'Where the examples come from: MNIST, synthetic, CSV or IDX files.',
  ports: { inputs: [], outputs: [{ id: 'data', type: 'dataset', label: 'data' }] },
  params: datasetParams,
  newParams: { source: 'mnist' },
  summary(p) {
    switch (p.source) {
      case 'mnist':
        return `MNIST · ${count(p.trainSize)} train / ${count(p.testSize)} test`;
      case 'synthetic':
        return `Synthetic${p.iid ? ' IID' : `(α=${p.alpha}, β=${p.beta})`} · ${count(p.devices)} devices`;
      case 'csv':
        return `CSV · ${p.path}`;
      case 'idx':
        return `IDX · ${p.trainImages}`;
    }
    return '';
  },
  color: PORT_TYPES.dataset.color,
  icon: 'cylinder',
  exportCall: {
    method: 'dataset',
    role: 'where the examples come from',
    params: 'object',
    inputs: { shape: 'none' },
    readsFiles: (p) => p.source === 'csv' || p.source === 'idx',
  },
  report: { section: 'parameters', outline: 'solid' },
});

/** The model node: the architecture every client trains. */
import { modelParams } from '../format/params.js';
import { PORT_TYPES } from '../format/portTypes.js';
import { defineNodeKind } from './nodeKindSpec.js';

export const modelSpec = defineNodeKind({
  kind: 'model',
  title: 'Model',
  description: 'The network every client trains: MLP, CNN or logistic regression.',
  ports: { inputs: [], outputs: [{ id: 'model', type: 'model', label: 'model' }] },
  params: modelParams,
  newParams: { arch: 'mlp' },
  summary(p) {
    switch (p.arch) {
      case 'mlp':
        return `MLP ${p.hidden.join('-') || '(no hidden layer)'} · ${p.activation}`;
      case 'cnn':
        return 'CNN (FedAvg paper)';
      case 'logistic':
        return 'Logistic regression';
    }
    return '';
  },
  color: PORT_TYPES.model.color,
  icon: 'layers',
  exportCall: {
    method: 'model',
    role: 'the architecture the clients train (seeded initial weights)',
    params: 'object',
    inputs: { shape: 'none' },
  },
  report: { section: 'parameters', outline: 'solid' },
});

/** The evaluate node: scores an aggregator's global model. */
import { evaluateParams } from '../format/params.js';
import { defineNodeKind } from './nodeKindSpec.js';

export const evaluateSpec = defineNodeKind({
  kind: 'evaluate',
  title: 'Evaluate',
  description: 'Scores the global model on the test set and hold-outs.',
  ports: {
    inputs: [{ id: 'global', type: 'global', label: 'global model', required: true }],
    outputs: [],
  },
  params: evaluateParams,
  // Federated evaluation needs a split with hold-outs, which a new split has not: a new node scores the test
  // set only, so the palette's default nodes wired together give no warning.
  newParams: { federated: false },
  summary(p) {
    const what = [p.centralized ? 'test set' : '', p.federated ? 'hold-outs' : ''].filter(Boolean).join(' + ') || 'nothing';
    return `${p.every === 1 ? 'every round' : `every ${p.every} rounds`} · ${what}`;
  },
  color: '#30b8c0',
  icon: 'check-circle',
  exportCall: {
    method: 'evaluate',
    role: 'scores the global model',
    params: 'object',
    inputs: { shape: 'ref', port: 'global' },
  },
  report: { section: 'parameters', outline: 'solid' },
});

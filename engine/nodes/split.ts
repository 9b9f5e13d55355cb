/** The split node: deals a data set's training examples out to the clients. */
import { splitParams } from '../format/params.js';
import { PORT_TYPES } from '../format/portTypes.js';
import { count, defineNodeKind } from './nodeKindSpec.js';

export const splitSpec = defineNodeKind({
  kind: 'split',
  title: 'Split',
  description: 'Divides the data among clients: IID, Dirichlet, pathological, quantity or natural; or remote, where clients that join `fedflow serve` bring their own.',
  ports: {
    inputs: [{ id: 'data', type: 'dataset', label: 'data', required: true }],
    outputs: [{ id: 'clients', type: 'partition', label: 'clients' }],
  },
  params: splitParams,
  newParams: { method: 'iid', numClients: 10 },
  summary(p) {
    const holdout = p.holdoutFraction > 0 ? ` · ${Math.round(p.holdoutFraction * 100)}% hold-out` : '';
    switch (p.method) {
      case 'iid':
        return `IID · ${count(p.numClients)} clients${holdout}`;
      case 'dirichlet':
        return `Dirichlet α=${p.alpha} · ${count(p.numClients)} clients${holdout}`;
      case 'pathological':
        return `${p.classesPerClient} classes/client · ${count(p.numClients)} clients${holdout}`;
      case 'quantity':
        return `Quantity (${p.distribution}) · ${count(p.numClients)} clients${holdout}`;
      case 'natural':
        return `Natural (by client column)${holdout}`;
      case 'remote':
        return `Remote · ${count(p.numClients)} clients bring their own data`;
    }
    return '';
  },
  color: PORT_TYPES.partition.color,
  icon: 'fork',
  exportCall: {
    method: 'split',
    role: "deals the data set's training examples out to the clients",
    params: 'object',
    inputs: { shape: 'ref', port: 'data' },
  },
  report: { section: 'parameters', outline: 'solid' },
});

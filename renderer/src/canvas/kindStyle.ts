/** The colour of each node kind: its output's port colour. */
import { assertNever, type NodeKind } from '../../../engine/format/nodeKinds.js';
import { PORT_TYPES } from '../../../engine/format/ports.js';

export function kindColor(kind: NodeKind): string {
  switch (kind) {
    case 'dataset':
      return PORT_TYPES.dataset.color;
    case 'split':
      return PORT_TYPES.partition.color;
    case 'model':
      return PORT_TYPES.model.color;
    case 'client':
      return PORT_TYPES.updates.color;
    case 'aggregator':
      return PORT_TYPES.global.color;
    case 'evaluate':
      return '#30b8c0';
    case 'note':
      return '#c8b560';
    default:
      return assertNever(kind, 'node kind');
  }
}

/** The colour of each node kind, from its spec: its output's port colour, or its own for kinds without outputs. */
import type { NodeKind } from '../../../engine/format/nodeKinds.js';
import { NODE_SPECS } from '../../../engine/nodes/index.js';

export function kindColor(kind: NodeKind): string {
  return NODE_SPECS[kind].color;
}

/** The drag-and-drop payload type for a node kind dragged from the palette onto the canvas. */
import { isNodeKind, type NodeKind } from '../../../engine/format/nodeKinds.js';

export const NODE_KIND_MIME = 'application/x-fedflow-node-kind';

/** The node kind a drag carries, if it is one. */
export function draggedKind(dt: DataTransfer | null): NodeKind | null {
  const value = dt?.getData(NODE_KIND_MIME);
  return isNodeKind(value) ? value : null;
}

/** What a node dropped from the palette starts as, and how the workbench names its kind: from the kind's spec. */
import type { NodeKind } from '../../../engine/format/nodeKinds.js';
import { NODE_SPECS } from '../../../engine/nodes/index.js';

/** The params a new node of a kind starts with (discriminators and the values a student sees first), a fresh copy. */
export function defaultParams(kind: NodeKind): Record<string, unknown> {
  return structuredClone(NODE_SPECS[kind].newParams) as Record<string, unknown>;
}

/** A short title for each kind, as the palette and new nodes show it. */
export function kindTitle(kind: NodeKind): string {
  return NODE_SPECS[kind].title;
}

/** One sentence per kind for the palette's tooltips and the quick-add list. */
export function kindDescription(kind: NodeKind): string {
  return NODE_SPECS[kind].description;
}

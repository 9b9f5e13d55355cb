/** A node's params with defaults applied, parsed by its kind's schema. */
import type { NodeKind } from './nodeKinds.js';
import { PARAMS_SCHEMAS, type ParamsOf } from './params.js';
import type { PipelineNode } from './pipeline.js';

/** Parses a node's params with its kind's schema; throws if they are invalid (validate first). */
export function resolveParams<K extends NodeKind>(node: PipelineNode & { kind: K }): ParamsOf<K> {
  return PARAMS_SCHEMAS[node.kind].parse(node.params) as ParamsOf<K>;
}

/** Narrows a node to a kind, for typed access to its params. */
export function isKind<K extends NodeKind>(node: PipelineNode, kind: K): node is PipelineNode & { kind: K } {
  return node.kind === kind;
}

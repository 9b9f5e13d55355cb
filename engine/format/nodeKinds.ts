/** The kinds of node a pipeline is made of, as one `as const` list with a derived union type. */
export const NODE_KINDS = ['dataset', 'split', 'model', 'client', 'aggregator', 'evaluate', 'note'] as const;

/** A node kind, e.g. `'split'`. */
export type NodeKind = (typeof NODE_KINDS)[number];

/** Whether a string names a node kind. */
export function isNodeKind(value: unknown): value is NodeKind {
  return typeof value === 'string' && (NODE_KINDS as readonly string[]).includes(value);
}

/** Fails to compile when a switch over node kinds misses a case; throws if reached at run time. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}

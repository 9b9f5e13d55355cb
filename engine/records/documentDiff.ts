/**
 * The parameters that differ between pipeline documents, by node id and param path, defaults filled in
 * (a field left out and one written with its default value are the same setting). Nodes are matched by id,
 * so two runs of one pipeline with a changed alpha show `split params.alpha: 0.1 | 10`.
 */
import { PARAMS_SCHEMAS } from '../format/params.js';
import type { PipelineDocument, PipelineNode } from '../format/pipeline.js';

/** One setting that is not the same in every document. */
export interface DocumentDifference {
  /** The node it belongs to, or undefined for the document's own fields (seed, settings). */
  nodeId?: string;
  /** Dotted path: `params.alpha` on a node, `seed` or `settings.backend` on the document; `node` when a node is in some documents only. */
  path: string;
  /** Its value in each document, in order; undefined where the document lacks it. */
  values: unknown[];
}

/** A node's params with its kind's defaults, or as written where they do not parse. */
function effectiveParams(node: PipelineNode): Record<string, unknown> {
  const parsed = PARAMS_SCHEMAS[node.kind].safeParse(node.params);
  return parsed.success ? (parsed.data as Record<string, unknown>) : node.params;
}

/** Flattens nested plain objects to dotted paths; arrays and scalars are leaves. */
function flatten(value: unknown, prefix: string, into: Map<string, unknown>): void {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, into);
  } else {
    into.set(prefix, value);
  }
}

const same = (values: unknown[]) => values.every((v) => JSON.stringify(v) === JSON.stringify(values[0]));

/** Every setting that differs between the documents (document fields first, then nodes in first-seen order). */
export function documentDiff(docs: readonly PipelineDocument[]): DocumentDifference[] {
  const out: DocumentDifference[] = [];
  const top = docs.map((d) => {
    const m = new Map<string, unknown>();
    flatten({ seed: d.seed, settings: d.settings }, '', m);
    return m;
  });
  for (const path of new Set(top.flatMap((m) => [...m.keys()]))) {
    const values = top.map((m) => m.get(path));
    if (!same(values)) out.push({ path, values });
  }
  const ids = [...new Set(docs.flatMap((d) => d.nodes.map((n) => n.id)))];
  for (const id of ids) {
    const nodes = docs.map((d) => d.nodes.find((n) => n.id === id));
    if (nodes.some((n) => n === undefined)) {
      out.push({ nodeId: id, path: 'node', values: nodes.map((n) => n?.kind) });
      continue;
    }
    const kinds = nodes.map((n) => n!.kind);
    if (!same(kinds)) {
      out.push({ nodeId: id, path: 'kind', values: kinds });
      continue;
    }
    const flat = nodes.map((n) => {
      const m = new Map<string, unknown>();
      flatten(effectiveParams(n!), 'params', m);
      return m;
    });
    for (const path of new Set(flat.flatMap((m) => [...m.keys()]))) {
      const values = flat.map((m) => m.get(path));
      if (!same(values)) out.push({ nodeId: id, path, values });
    }
  }
  const edges = docs.map((d) => d.edges.map((e) => `${e.source}.${e.sourceHandle ?? ''}>${e.target}.${e.targetHandle ?? ''}`).sort());
  if (!same(edges)) out.push({ path: 'edges', values: edges.map((e) => e.length) });
  return out;
}

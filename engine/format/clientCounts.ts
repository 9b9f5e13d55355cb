/** How many clients feed an aggregator: sampled a round and in all, from its client groups and their splits. */
import { parseClientRanges } from './clientSelection.js';
import { sourceOf } from './graph.js';
import type { ClientParams } from './params.js';
import type { PipelineDocument, PipelineNode } from './pipeline.js';
import { isKind, resolveParams } from './resolveParams.js';
import { sampleCount } from '../server/sampling.js';

/** A client group feeding an aggregator: its node and resolved params. */
export interface ClientGroupNode {
  node: PipelineNode;
  params: ClientParams;
}

/**
 * Clients sampled a round and in all over `groups`; undefined where a count cannot be known before the data
 * is loaded (a natural split, a missing or invalid split, a bad client range) or there are no groups.
 */
export function clientCounts(
  doc: PipelineDocument,
  groups: readonly ClientGroupNode[],
  ok: (n?: PipelineNode) => n is PipelineNode,
): { sampled: number; total: number } | undefined {
  let sampled = 0;
  let total = 0;
  for (const g of groups) {
    const split = sourceOf(doc, g.node.id, 'clients', 'split');
    if (!ok(split) || !isKind(split, 'split')) return undefined;
    const sp = resolveParams(split);
    if (sp.method === 'natural') return undefined;
    const sel = parseClientRanges(g.params.clients, sp.numClients);
    if (!sel.ok) return undefined;
    sampled += sampleCount(g.params, sel.count);
    total += sel.count;
  }
  return groups.length > 0 ? { sampled, total } : undefined;
}

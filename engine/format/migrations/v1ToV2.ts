/**
 * Version 1 → 2: the defaults that now follow Flower 1.x. A version-1 document that left one of these
 * out meant the old default, so the migration writes the old value in; the document then gives the
 * numbers it gave before. What the format cannot say: version 1 sampled round(fraction·n) clients and
 * version 2 samples ⌊fraction·n⌋ as Flower does, so a fraction whose product with the group size has a
 * fractional part of one half or more now samples one client fewer.
 */
import type { Migration } from '../migrate.js';

/** The version-1 defaults that changed, by node kind and (for aggregators) strategy. */
const OLD_DEFAULTS = {
  client: { minClients: 1 },
  FedAvgM: { serverMomentum: 0.9 },
  FedAdam: { biasCorrection: false },
  FedAdagrad: { beta1: 0.9 },
} as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withOldDefaults(params: Record<string, unknown>, defaults: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out = { ...params };
  for (const [key, value] of Object.entries(defaults)) if (!(key in out)) out[key] = value;
  return out;
}

/** Writes version 1's defaults into the nodes whose defaults changed; anything malformed is left for validation to report. */
export const v1ToV2: Migration = (doc) => {
  if (!Array.isArray(doc.nodes)) return doc;
  const nodes = doc.nodes.map((node: unknown) => {
    if (!isRecord(node)) return node;
    const params = isRecord(node.params) ? node.params : node.params === undefined ? {} : undefined;
    if (params === undefined) return node;
    if (node.kind === 'client') return { ...node, params: withOldDefaults(params, OLD_DEFAULTS.client) };
    if (node.kind === 'aggregator' && typeof params.strategy === 'string' && Object.hasOwn(OLD_DEFAULTS, params.strategy)) {
      const defaults = OLD_DEFAULTS[params.strategy as keyof typeof OLD_DEFAULTS];
      return { ...node, params: withOldDefaults(params, defaults) };
    }
    return node;
  });
  return { ...doc, nodes };
};

/**
 * Every node kind's spec, by kind. The port table (format/ports.ts), the JSON Schema, the exported
 * script, the HTML report and the workbench's palette, node headers, icons and summaries all read these;
 * a new kind is one more file here (and a missing one does not compile).
 */
import { NODE_KINDS, type NodeKind } from '../format/nodeKinds.js';
import { fieldLabel } from '../format/fieldLabel.js';
import type { PipelineNode } from '../format/pipeline.js';
import { aggregatorSpec } from './aggregator.js';
import { clientSpec } from './client.js';
import { datasetSpec } from './dataset.js';
import { evaluateSpec } from './evaluate.js';
import { modelSpec } from './model.js';
import type { NodeKindSpec } from './nodeKindSpec.js';
import { noteSpec } from './note.js';
import { splitSpec } from './split.js';

export * from './nodeKindSpec.js';

/** The spec of each node kind. */
export const NODE_SPECS = {
  dataset: datasetSpec,
  split: splitSpec,
  model: modelSpec,
  client: clientSpec,
  aggregator: aggregatorSpec,
  evaluate: evaluateSpec,
  note: noteSpec,
} as const satisfies { [K in NodeKind]: NodeKindSpec<K> };

/** The specs in the order the palette and the quick-add list show them (NODE_KINDS' order). */
export const NODE_SPEC_LIST: readonly NodeKindSpec[] = NODE_KINDS.map((kind) => NODE_SPECS[kind]);

/** A kind's spec with its types widened, for code that treats every kind alike. */
export function nodeSpec(kind: NodeKind): NodeKindSpec {
  return NODE_SPECS[kind];
}

/** The node's settings in a few words; when its params do not parse, which fields are wrong (`invalid: num clients`). */
export function nodeSummary(node: Pick<PipelineNode, 'kind' | 'params'>): string {
  const spec = nodeSpec(node.kind);
  const parsed = spec.params.safeParse(node.params);
  if (parsed.success) return spec.summary(parsed.data);
  const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')).filter(Boolean))];
  return fields.length > 0 ? `invalid: ${fields.map((f) => fieldLabel(f).toLowerCase()).join(', ')}` : 'invalid settings';
}

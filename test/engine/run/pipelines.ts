/** Pipelines built in code for tests: one data set, one split, one model, client groups, aggregators. */
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import { FORMAT_TAG, pipelineDocument } from '../../../engine/format/pipeline.js';

export interface FederationSpec {
  dataset?: Record<string, unknown>;
  split?: Record<string, unknown>;
  model?: Record<string, unknown>;
  /** One params object per client group; all feed the aggregator. */
  clients?: Record<string, unknown>[];
  aggregator?: Record<string, unknown>;
  evaluate?: Record<string, unknown> | null;
  seed?: number;
}

/** A valid linear pipeline dataset → split → clients → aggregator → evaluate, with the given params. */
export function federation(spec: FederationSpec = {}): PipelineDocument {
  const groups = spec.clients ?? [{}];
  const nodes = [
    { id: 'data', kind: 'dataset', params: spec.dataset ?? { source: 'mnist', trainSize: 2000, testSize: 500 } },
    { id: 'split', kind: 'split', params: spec.split ?? { method: 'iid', numClients: 4 } },
    { id: 'model', kind: 'model', params: spec.model ?? { arch: 'mlp', hidden: [32] } },
    ...groups.map((params, i) => ({ id: `clients${i}`, kind: 'client', params })),
    { id: 'agg', kind: 'aggregator', params: spec.aggregator ?? { strategy: 'FedAvg', rounds: 2 } },
    ...(spec.evaluate === null ? [] : [{ id: 'eval', kind: 'evaluate', params: spec.evaluate ?? { federated: false } }]),
  ];
  const edges = [
    { id: 'e-data', source: 'data', sourceHandle: 'data', target: 'split', targetHandle: 'data' },
    ...groups.flatMap((_, i) => [
      { id: `e-split-${i}`, source: 'split', sourceHandle: 'clients', target: `clients${i}`, targetHandle: 'clients' },
      { id: `e-model-${i}`, source: 'model', sourceHandle: 'model', target: `clients${i}`, targetHandle: 'model' },
      { id: `e-agg-${i}`, source: `clients${i}`, sourceHandle: 'updates', target: 'agg', targetHandle: 'updates' },
    ]),
    ...(spec.evaluate === null ? [] : [{ id: 'e-eval', source: 'agg', sourceHandle: 'global', target: 'eval', targetHandle: 'global' }]),
  ];
  return pipelineDocument.parse({ format: FORMAT_TAG, name: 'test', seed: spec.seed ?? 7, nodes, edges });
}

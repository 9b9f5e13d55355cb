/**
 * Pipeline documents built in code for the bench: dataset → split → one client group → aggregator, and
 * no evaluate node, so a round is sampling, local training and aggregation only.
 */
import { FORMAT_TAG, pipelineDocument, type PipelineDocument } from '../engine/format/pipeline.js';

export interface BenchPipelineSpec {
  name: string;
  seed: number;
  dataset: Record<string, unknown>;
  split: Record<string, unknown>;
  model: Record<string, unknown>;
  client: Record<string, unknown>;
  rounds: number;
  /** The document's settings (backend, workers, cohort…); fields this build does not know are dropped by the parser. */
  settings?: Record<string, unknown>;
}

export function benchPipeline(spec: BenchPipelineSpec): PipelineDocument {
  const nodes = [
    { id: 'data', kind: 'dataset', params: spec.dataset },
    { id: 'split', kind: 'split', params: spec.split },
    { id: 'model', kind: 'model', params: spec.model },
    { id: 'clients', kind: 'client', params: spec.client },
    { id: 'agg', kind: 'aggregator', params: { strategy: 'FedAvg', rounds: spec.rounds } },
  ];
  const edges = [
    { id: 'e-data', source: 'data', sourceHandle: 'data', target: 'split', targetHandle: 'data' },
    { id: 'e-split', source: 'split', sourceHandle: 'clients', target: 'clients', targetHandle: 'clients' },
    { id: 'e-model', source: 'model', sourceHandle: 'model', target: 'clients', targetHandle: 'model' },
    { id: 'e-agg', source: 'clients', sourceHandle: 'updates', target: 'agg', targetHandle: 'updates' },
  ];
  return pipelineDocument.parse({ format: FORMAT_TAG, name: spec.name, seed: spec.seed, ...(spec.settings ? { settings: spec.settings } : {}), nodes, edges });
}

/** The MNIST dataset node's params for a number of training rows. */
export function mnistParams(trainRows: number): Record<string, unknown> {
  return { source: 'mnist', trainSize: trainRows, testSize: Math.min(1000, 10000 - trainRows) };
}

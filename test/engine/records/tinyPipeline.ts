/** The cheapest pipeline that trains: 4 synthetic devices of ~20 rows, 8 features, 3 classes, a logistic model. */
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import { federation } from '../run/pipelines.js';

/** A tiny synthetic federation; `rounds` and split/aggregator params as given. */
export function tinyPipeline(options: { rounds?: number; split?: Record<string, unknown>; aggregator?: Record<string, unknown>; seed?: number } = {}): PipelineDocument {
  return federation({
    dataset: { source: 'synthetic', devices: 4, features: 8, classes: 3, sizeMin: 20, sizeMean: 1, sizeSigma: 0.1 },
    split: options.split ?? { method: 'iid', numClients: 2 },
    model: { arch: 'logistic' },
    aggregator: { strategy: 'FedAvg', rounds: options.rounds ?? 1, ...options.aggregator },
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
}

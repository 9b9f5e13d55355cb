/**
 * A model node's size before any run: its weights and the bytes one full-precision update takes, read from
 * the document (the model's params, and the data set its clients train on). Exact where the data set node
 * says its shape (MNIST, synthetic); unknown (null) where the files must be read first (CSV, IDX) or no
 * client uses the model yet. Pure and browser-safe: the model node shows it as the user edits.
 */
import { weightCount } from '../model/modelSpec.js';
import { datasetFigures } from './documentWorkload.js';
import { sourceOf, targetsOf } from './graph.js';
import { PARAMS_SCHEMAS } from './params.js';
import type { PipelineDocument } from './pipeline.js';

/** A model's weights and the bytes of one uncompressed update (4 per float32 weight). */
export interface ModelSize {
  readonly weights: number;
  readonly bytesPerUpdate: number;
}

/** The size of the model node `modelId` in `doc`, or null when the document does not say it yet. */
export function modelSizeOf(doc: PipelineDocument, modelId: string): ModelSize | null {
  const node = doc.nodes.find((n) => n.id === modelId);
  const model = node && PARAMS_SCHEMAS.model.safeParse(node.params);
  if (!model?.success) return null;
  for (const client of targetsOf(doc, modelId).filter((n) => n.kind === 'client')) {
    const split = sourceOf(doc, client.id, 'clients', 'split');
    const dataset = split && sourceOf(doc, split.id, 'data', 'dataset');
    const data = dataset && PARAMS_SCHEMAS.dataset.safeParse(dataset.params);
    if (!data?.success || data.data.source === 'csv' || data.data.source === 'idx') continue;
    const figures = datasetFigures(data.data);
    if (model.data.arch === 'cnn' && figures.featureShape.length !== 3) continue;
    const weights = weightCount({ params: model.data, inputShape: figures.featureShape, numClasses: figures.numClasses });
    return { weights, bytesPerUpdate: weights * 4 };
  }
  return null;
}

/**
 * The one entry point the runner uses to turn a dataset node's params into data in shared memory.
 */
import type { DatasetParams } from '../format/params.js';
import { assertNever } from '../format/nodeKinds.js';
import type { Dataset } from './dataset.js';
import { shareDataset } from './dataset.js';
import { loadCsv } from './csv.js';
import { loadIdx } from './idx.js';
import { loadMnist } from './mnist.js';
import { loadSynthetic } from './synthetic.js';

/** Where a dataset is loaded from: the pipeline file's folder (for relative paths) and the pipeline seed. */
export interface LoadContext {
  baseDir: string;
  seed: number;
}

/** Loads the data set a dataset node describes; every array of the result is in shared memory. */
export async function loadDataset(params: DatasetParams, ctx: LoadContext): Promise<Dataset> {
  let dataset: Dataset;
  switch (params.source) {
    case 'mnist':
      dataset = loadMnist(params, ctx.seed);
      break;
    case 'synthetic':
      dataset = loadSynthetic(params, ctx.seed);
      break;
    case 'csv':
      dataset = loadCsv(params, ctx.baseDir, ctx.seed);
      break;
    case 'idx':
      dataset = await loadIdx(params, ctx.baseDir);
      break;
    default:
      return assertNever(params, 'dataset source');
  }
  // The loaders already allocate shared arrays; this is the guarantee workers rely on, kept in one place.
  return shareDataset(dataset);
}

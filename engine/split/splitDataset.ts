/** Runs the split a pipeline's split node asks for on a loaded data set. */
import { dirichletSplit } from './dirichlet.js';
import { iidSplit } from './iid.js';
import { naturalSplit } from './natural.js';
import { packPartition } from './packPartition.js';
import { SplitError } from './partition.js';
import type { Partition, Shards, SplitInput } from './partition.js';
import { pathologicalSplit } from './pathological.js';
import { quantitySplit } from './quantity.js';
import type { Dataset } from '../data/dataset.js';
import { assertNever } from '../format/nodeKinds.js';
import type { SplitParams } from '../format/params.js';
import type { Rng } from '../random/rng.js';

/** Splits the data set's training table among clients as `params` says and packs the result, hold-outs included. */
export function splitDataset(params: SplitParams, dataset: Dataset, rng: Rng): Partition {
  const labels = dataset.train.y;
  const numClasses = dataset.numClasses;
  const input = (numClients: number): SplitInput => ({ labels, numClasses, numClients, rng });
  let shards: Shards;
  switch (params.method) {
    case 'iid':
      shards = iidSplit(input(params.numClients));
      break;
    case 'dirichlet':
      shards = dirichletSplit(input(params.numClients), { alpha: params.alpha, minPartitionSize: params.minPartitionSize });
      break;
    case 'pathological':
      shards = pathologicalSplit(input(params.numClients), { classesPerClient: params.classesPerClient });
      break;
    case 'quantity':
      shards = quantitySplit(input(params.numClients), {
        distribution: params.distribution,
        sigma: params.sigma,
        exponent: params.exponent,
      });
      break;
    case 'natural': {
      const clientIds = dataset.train.clientIds;
      if (!clientIds) {
        throw new SplitError(
          `The natural split gives each of the data set's own clients (silos, devices) their rows, but ${dataset.name} ` +
            `has no client column; choose another split method, or a data set with clients (a CSV with clientColumn, or the synthetic data set).`,
          'method',
        );
      }
      shards = naturalSplit(clientIds, dataset.clientNames?.length ?? largestId(clientIds) + 1);
      break;
    }
    case 'remote':
      // Remote clients bring their own data: the server deals none of its rows out, so every shard is empty.
      shards = Array.from({ length: params.numClients }, () => new Int32Array(0));
      break;
    default:
      return assertNever(params, 'split method');
  }
  return packPartition(shards, labels, numClasses, params.holdoutFraction, rng);
}

/** The largest client id, or −1 for no rows; used when a data set names no clients. */
function largestId(clientIds: Int32Array): number {
  let top = -1;
  for (const id of clientIds) top = Math.max(top, id);
  return top;
}

/** Packs a splitter's shards into the shared, offset-indexed Partition the runner hands to workers. */
import { checkHoldoutFraction, checkLabels } from './checkSplit.js';
import type { Partition, Shards } from './partition.js';
import { toShared } from '../data/dataset.js';
import type { Rng } from '../random/rng.js';

/** Keeps floor(holdoutFraction·n) random rows of each client (never its last training row) as its hold-out and packs everything into shared arrays. */
export function packPartition(shards: Shards, labels: Int32Array, numClasses: number, holdoutFraction: number, rng: Rng): Partition {
  checkHoldoutFraction(holdoutFraction);
  checkLabels(labels, numClasses);
  const numClients = shards.length;
  const holdoutSizes = new Int32Array(numClients);
  let totalRows = 0;
  let totalHoldout = 0;
  for (let c = 0; c < numClients; c++) {
    const size = shards[c].length;
    // A client with no training rows would break local training, so one row always stays.
    holdoutSizes[c] = Math.max(0, Math.min(Math.floor(holdoutFraction * size), size - 1));
    totalRows += size;
    totalHoldout += holdoutSizes[c];
  }
  const trainIndices = new Int32Array(totalRows - totalHoldout);
  const trainOffsets = new Int32Array(numClients + 1);
  const holdoutIndices = new Int32Array(totalHoldout);
  const holdoutOffsets = new Int32Array(numClients + 1);
  const labelCounts: number[][] = [];
  let t = 0;
  let h = 0;
  for (let c = 0; c < numClients; c++) {
    const shard = shards[c];
    // The hold-out is a random sample of the client's rows, chosen here rather than taken from the end,
    // because the natural split keeps rows in file order (often time order); the rest keep their order.
    const held = new Set(holdoutSizes[c] > 0 ? rng.sample(shard.length, holdoutSizes[c]) : []);
    const counts = new Array<number>(numClasses).fill(0);
    for (let i = 0; i < shard.length; i++) {
      const row = shard[i];
      if (row < 0 || row >= labels.length) throw new RangeError(`Client ${c} names row ${row}, outside [0, ${labels.length})`);
      if (held.has(i)) {
        holdoutIndices[h++] = row;
      } else {
        trainIndices[t++] = row;
        counts[labels[row]]++;
      }
    }
    trainOffsets[c + 1] = t;
    holdoutOffsets[c + 1] = h;
    labelCounts.push(counts);
  }
  return {
    numClients,
    trainIndices: toShared(trainIndices),
    trainOffsets: toShared(trainOffsets),
    holdoutIndices: toShared(holdoutIndices),
    holdoutOffsets: toShared(holdoutOffsets),
    labelCounts,
  };
}

/** The FedAvg paper's non-IID split (McMahan et al. 2017), as Flower's ShardPartitioner. */
import { checkShardCount, checkSplitInput } from './checkSplit.js';
import type { Shards, SplitInput } from './partition.js';

/** How the pathological split is shaped. */
export interface PathologicalOptions {
  /** Shards per client; with shards no larger than a class, each client sees about this many classes. */
  classesPerClient: number;
}

/** Row indices sorted by label, ties by index (a stable counting sort, linear time). */
export function sortByLabel(labels: Int32Array, numClasses: number): Int32Array {
  const starts = new Int32Array(numClasses + 1);
  for (let i = 0; i < labels.length; i++) starts[labels[i] + 1]++;
  for (let k = 0; k < numClasses; k++) starts[k + 1] += starts[k];
  const sorted = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) sorted[starts[labels[i]]++] = i;
  return sorted;
}

/** Sorts rows by label, cuts them into numClients·classesPerClient equal shards and deals each client classesPerClient random shards. */
export function pathologicalSplit(input: SplitInput, options: PathologicalOptions): Shards {
  checkSplitInput(input);
  const { labels, numClasses, numClients, rng } = input;
  const { classesPerClient } = options;
  checkShardCount(numClients, classesPerClient, labels.length);
  const sorted = sortByLabel(labels, numClasses);
  const numShards = numClients * classesPerClient;
  const base = Math.floor(sorted.length / numShards);
  const extra = sorted.length % numShards;
  // Shard s starts at s·base plus the extra rows given to the shards before it; the last `extra` shards are
  // one row larger, so nothing is dropped (Flower drops the remainder unless keep_incomplete_shard is set).
  const shardStart = (s: number): number => s * base + Math.max(0, s - (numShards - extra));
  const dealt = rng.shuffle(Int32Array.from({ length: numShards }, (_, s) => s));
  const shards: Shards = [];
  for (let c = 0; c < numClients; c++) {
    const mine = dealt.subarray(c * classesPerClient, (c + 1) * classesPerClient);
    let size = 0;
    for (const s of mine) size += shardStart(s + 1) - shardStart(s);
    const rows = new Int32Array(size);
    let fill = 0;
    for (const s of mine) {
      rows.set(sorted.subarray(shardStart(s), shardStart(s + 1)), fill);
      fill += shardStart(s + 1) - shardStart(s);
    }
    // Interleave the client's classes, as Flower does with shuffle=True.
    shards.push(rng.shuffle(rows));
  }
  return shards;
}

/** The IID split: every client gets a uniformly random, near-equal share of the training set. */
import { checkSplitInput } from './checkSplit.js';
import type { Shards, SplitInput } from './partition.js';

/** Shuffles the rows with the seeded Rng and cuts them into near-equal chunks, the first n % k clients one larger. */
export function iidSplit(input: SplitInput): Shards {
  checkSplitInput(input);
  const { labels, numClients, rng } = input;
  const numRows = labels.length;
  const order = rng.shuffle(Int32Array.from({ length: numRows }, (_, i) => i));
  // numpy.array_split's convention, so sizes match Flower's IidPartitioner.
  const base = Math.floor(numRows / numClients);
  const extra = numRows % numClients;
  const shards: Shards = [];
  let start = 0;
  for (let c = 0; c < numClients; c++) {
    const size = base + (c < extra ? 1 : 0);
    shards.push(order.slice(start, start + size));
    start += size;
  }
  return shards;
}

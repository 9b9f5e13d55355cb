/** Statistics of how labels are spread over clients, for tests and the workbench's split heatmap. */
import type { Shards } from './partition.js';

/** Counts, for each client, how many of its rows carry each label. */
export function countLabels(shards: Shards, labels: Int32Array, numClasses: number): number[][] {
  return shards.map((rows) => {
    const counts = new Array<number>(numClasses).fill(0);
    for (const row of rows) counts[labels[row]]++;
    return counts;
  });
}

/** The label distribution of all clients together (all zeros when there are no rows). */
export function globalLabelDistribution(labelCounts: number[][]): number[] {
  const numClasses = labelCounts[0]?.length ?? 0;
  const totals = new Array<number>(numClasses).fill(0);
  for (const counts of labelCounts) for (let k = 0; k < numClasses; k++) totals[k] += counts[k];
  const sum = totals.reduce((a, b) => a + b, 0);
  return totals.map((t) => (sum === 0 ? 0 : t / sum));
}

/** Total-variation distance between two distributions over the same classes: half the L1 distance, in [0, 1]. */
export function totalVariation(p: readonly number[], q: readonly number[]): number {
  let sum = 0;
  for (let k = 0; k < p.length; k++) sum += Math.abs(p[k] - q[k]);
  return sum / 2;
}

/**
 * How non-IID a partition's labels are: the mean over clients (with any rows) of the total-variation
 * distance between the client's label distribution and the global one. 0 means every client looks like
 * the whole; with K equally common classes, clients that each see one class give 1 − 1/K.
 */
export function labelSkew(labelCounts: number[][]): number {
  const global = globalLabelDistribution(labelCounts);
  let sum = 0;
  let clients = 0;
  for (const counts of labelCounts) {
    const size = counts.reduce((a, b) => a + b, 0);
    // An empty client has no label distribution; counting it as 0 or 1 would both mislead.
    if (size === 0) continue;
    sum += totalVariation(
      counts.map((x) => x / size),
      global,
    );
    clients++;
  }
  return clients === 0 ? 0 : sum / clients;
}

/** How many different labels each client holds. */
export function distinctLabelsPerClient(labelCounts: number[][]): number[] {
  return labelCounts.map((counts) => counts.filter((x) => x > 0).length);
}

/** Label skew by Dirichlet proportions, as Flower's DirichletPartitioner (Hsu et al. 2019). */
import { checkDirichletOptions, checkSplitInput } from './checkSplit.js';
import { SplitError } from './partition.js';
import type { Shards, SplitInput } from './partition.js';

/** How the Dirichlet split is shaped. */
export interface DirichletOptions {
  /** Concentration: small α gives each client few labels, large α approaches IID. */
  alpha: number;
  /** Redraw until every client has at least this many examples. */
  minPartitionSize: number;
}

/** How many draws are tried before giving up on minPartitionSize (Flower's default). */
export const DIRICHLET_MAX_ATTEMPTS = 10;

/** The training row indices of each class, in row order. */
export function indicesByClass(labels: Int32Array, numClasses: number): Int32Array[] {
  const counts = new Int32Array(numClasses);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  const byClass = Array.from({ length: numClasses }, (_, k) => new Int32Array(counts[k]));
  const fill = new Int32Array(numClasses);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]][fill[labels[i]]++] = i;
  return byClass;
}

/** For each class, splits its shuffled rows among clients by proportions drawn from Dir(α); redraws until every client has ≥ minPartitionSize rows. */
export function dirichletSplit(input: SplitInput, options: DirichletOptions): Shards {
  checkSplitInput(input);
  const { labels, numClasses, numClients, rng } = input;
  const { alpha, minPartitionSize } = options;
  checkDirichletOptions(alpha, minPartitionSize, numClients, labels.length);
  const byClass = indicesByClass(labels, numClasses);
  // cuts[k*(numClients+1) + c] is where client c's run of class k starts; only sizes are checked before
  // building the shards, so a rejected draw costs no allocation per client.
  const stride = numClients + 1;
  const cuts = new Int32Array(numClasses * stride);
  const sizes = new Int32Array(numClients);
  let bestSmallest = 0;
  for (let attempt = 1; attempt <= DIRICHLET_MAX_ATTEMPTS; attempt++) {
    sizes.fill(0);
    for (let k = 0; k < numClasses; k++) {
      const rows = byClass[k];
      // Shuffled so that rows sorted in the file (by time, by source) do not end up together.
      rng.shuffle(rows);
      const p = rng.dirichlet(alpha, numClients);
      const base = k * stride;
      let cum = 0;
      let start = 0;
      for (let c = 0; c < numClients; c++) {
        cum += p[c];
        // numpy's split points: floor(cumsum · n); the last client takes the rest, whatever the rounding.
        const end = c === numClients - 1 ? rows.length : Math.max(start, Math.min(rows.length, Math.floor(cum * rows.length)));
        cuts[base + c] = start;
        sizes[c] += end - start;
        start = end;
      }
      cuts[base + numClients] = rows.length;
    }
    let smallest = Infinity;
    for (let c = 0; c < numClients; c++) smallest = Math.min(smallest, sizes[c]);
    bestSmallest = Math.max(bestSmallest, smallest);
    if (smallest >= minPartitionSize) return buildShards(byClass, cuts, sizes, input);
  }
  throw new SplitError(
    `After ${DIRICHLET_MAX_ATTEMPTS} tries some client still had fewer than ${minPartitionSize} examples ` +
      `(the best try's smallest client had ${bestSmallest}); lower minPartitionSize or raise alpha.`,
    'minPartitionSize',
  );
}

/** Gathers each client's runs of every class, then shuffles each client's rows so that classes are interleaved. */
function buildShards(byClass: Int32Array[], cuts: Int32Array, sizes: Int32Array, input: SplitInput): Shards {
  const { numClients, rng } = input;
  const stride = numClients + 1;
  const shards: Shards = Array.from({ length: numClients }, (_, c) => new Int32Array(sizes[c]));
  const fill = new Int32Array(numClients);
  for (let k = 0; k < byClass.length; k++) {
    const rows = byClass[k];
    for (let c = 0; c < numClients; c++) {
      const from = cuts[k * stride + c];
      const to = cuts[k * stride + c + 1];
      shards[c].set(rows.subarray(from, to), fill[c]);
      fill[c] += to - from;
    }
  }
  for (const shard of shards) rng.shuffle(shard);
  return shards;
}

/** Quantity skew: labels stay IID but clients hold very different numbers of examples. */
import { checkQuantityOptions, checkSplitInput } from './checkSplit.js';
import type { Shards, SplitInput } from './partition.js';
import type { Rng } from '../random/rng.js';

/** How the quantity-skew split draws client sizes. */
export interface QuantityOptions {
  distribution: 'lognormal' | 'powerlaw';
  /** σ of the lognormal sizes. */
  sigma: number;
  /** Exponent of the power-law (Pareto) sizes. */
  exponent: number;
}

/** Draws one log-weight per client: N(0, σ) for lognormal, −ln(1−u)/exponent for a Pareto(1, exponent) draw. */
function drawLogWeights(rng: Rng, numClients: number, options: QuantityOptions): Float64Array {
  const logWeights = new Float64Array(numClients);
  for (let c = 0; c < numClients; c++) {
    // Log space, because a Pareto draw with a small exponent overflows to Infinity as a plain number.
    logWeights[c] = options.distribution === 'lognormal' ? rng.normal(0, options.sigma) : -Math.log(1 - rng.next()) / options.exponent;
  }
  return logWeights;
}

/** Turns weights into integer sizes that sum to numRows, each at least 1, by largest-remainder rounding. */
export function sizesFromWeights(weights: ArrayLike<number>, numRows: number): Int32Array {
  const numClients = weights.length;
  if (numRows < numClients) throw new RangeError(`${numRows} rows cannot give each of ${numClients} clients one`);
  let total = 0;
  for (let c = 0; c < numClients; c++) total += weights[c];
  // Every client gets one row first; the rest is shared in proportion to the weights.
  const spare = numRows - numClients;
  const sizes = new Int32Array(numClients);
  const remainders = new Float64Array(numClients);
  let given = 0;
  for (let c = 0; c < numClients; c++) {
    const ideal = (spare * weights[c]) / total;
    const whole = Math.floor(ideal);
    sizes[c] = 1 + whole;
    remainders[c] = ideal - whole;
    given += whole;
  }
  // Rounding error in `ideal` can leave the floors one over the spare; take it from the biggest clients.
  while (given > spare) {
    let biggest = 0;
    for (let c = 1; c < numClients; c++) if (sizes[c] > sizes[biggest]) biggest = c;
    sizes[biggest]--;
    given--;
  }
  // The left-over rows (fewer than numClients) go to the largest fractional parts, ties to the lower index.
  const left = spare - given;
  if (left > 0) {
    const order = Array.from({ length: numClients }, (_, c) => c).sort((a, b) => remainders[b] - remainders[a] || a - b);
    for (let i = 0; i < left; i++) sizes[order[i % numClients]]++;
  }
  return sizes;
}

/** Draws a size per client (lognormal or power law), rounds the sizes to sum to the total with each ≥ 1, and deals out a seeded shuffle. */
export function quantitySplit(input: SplitInput, options: QuantityOptions): Shards {
  checkSplitInput(input);
  checkQuantityOptions(options.distribution, options.sigma, options.exponent);
  const { labels, numClients, rng } = input;
  const logWeights = drawLogWeights(rng, numClients, options);
  let top = -Infinity;
  for (const w of logWeights) top = Math.max(top, w);
  const weights = logWeights.map((w) => Math.exp(w - top));
  const sizes = sizesFromWeights(weights, labels.length);
  // A random order dealt out in consecutive runs: every client's labels are an IID sample.
  const order = rng.shuffle(Int32Array.from({ length: labels.length }, (_, i) => i));
  const shards: Shards = [];
  let start = 0;
  for (let c = 0; c < numClients; c++) {
    shards.push(order.slice(start, start + sizes[c]));
    start += sizes[c];
  }
  return shards;
}

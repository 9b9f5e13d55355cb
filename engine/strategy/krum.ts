import { orderUpdates } from './orderUpdates.js';
import type { AggregationRule, ClientUpdate } from './types.js';
import { weightedAverage } from './weightedAverage.js';

/** Krum's and MultiKrum's answer: the next global weights and the ids of the clients they came from. */
export interface KrumResult {
  readonly weights: Float32Array;
  /** The chosen client ids, in increasing order. */
  readonly selected: readonly number[];
}

/**
 * How many nearest neighbours Krum sums over: n − f − 2 as in the paper, clamped to [1, n − 1].
 * The paper needs n > 2f + 2; the clamp keeps small or heavily attacked federations running (at least
 * one neighbour, so the score still measures closeness; at most every other update), as Flower's
 * max(1, …) and list slicing do.
 */
export function krumNeighbourCount(n: number, numMalicious: number): number {
  return Math.min(n - 1, Math.max(1, n - numMalicious - 2));
}

/**
 * Squared L2 distances between every pair of the updates, in the order given, as a row-major n × n matrix.
 * Computed once so Bulyan's repeated Krum selections need not recompute them.
 */
export function squaredDistanceMatrix(ordered: readonly ClientUpdate[]): Float64Array {
  const n = ordered.length;
  const distances = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const wa = ordered[a].weights;
      const wb = ordered[b].weights;
      let sum = 0;
      for (let j = 0; j < wa.length; j++) {
        const d = wa[j] - wb[j];
        sum += d * d;
      }
      distances[a * n + b] = sum;
      distances[b * n + a] = sum;
    }
  }
  return distances;
}

/**
 * Krum scores among `members` only (indices into the n × n `distances`, one score per member in the order
 * given), as if the other updates had never been sent: the neighbour count follows the members' number.
 */
export function krumScoresAmong(
  distances: Float64Array,
  n: number,
  members: readonly number[],
  numMalicious: number,
): Float64Array {
  const m = members.length;
  const k = krumNeighbourCount(m, numMalicious);
  const scores = new Float64Array(m);
  const others = new Float64Array(m - 1);
  for (let i = 0; i < m; i++) {
    const a = members[i];
    // Leave the update itself out explicitly: a duplicate at distance 0 must still count as a neighbour.
    for (let l = 0, o = 0; l < m; l++) if (l !== i) others[o++] = distances[a * n + members[l]];
    others.sort();
    let score = 0;
    for (let o = 0; o < k; o++) score += others[o];
    scores[i] = score;
  }
  return scores;
}

/**
 * Krum scores of the updates, in increasing clientId order: each update's summed squared L2 distance
 * to its nearest neighbours, so an update far from the crowd scores high.
 */
export function krumScores(updates: readonly ClientUpdate[], numMalicious: number): Float64Array {
  const ordered = orderUpdates(updates);
  const everyone = ordered.map((_, i) => i);
  return krumScoresAmong(squaredDistanceMatrix(ordered), ordered.length, everyone, numMalicious);
}

function checkMalicious(numMalicious: number): void {
  if (!Number.isInteger(numMalicious) || numMalicious < 0) {
    throw new RangeError(`numMalicious must be a non-negative integer, got ${numMalicious}`);
  }
}

/** The updates (in clientId order) ranked best first; ties go to the lower clientId so reruns agree. */
function rank(ordered: readonly ClientUpdate[], numMalicious: number): ClientUpdate[] {
  const scores = krumScores(ordered, numMalicious);
  const indices = ordered.map((_, i) => i);
  indices.sort((a, b) => scores[a] - scores[b] || a - b);
  return indices.map((i) => ordered[i]);
}

/** Krum (Blanchard et al. 2017): the single update with the lowest Krum score becomes the new model. */
export function krum(global: Float32Array, updates: readonly ClientUpdate[], numMalicious: number): KrumResult {
  checkMalicious(numMalicious);
  if (updates.length === 0) return { weights: global.slice(), selected: [] };
  const best = rank(orderUpdates(updates, global.length), numMalicious)[0];
  return { weights: best.weights.slice(), selected: [best.clientId] };
}

/** MultiKrum: the numToKeep lowest-scored updates (clamped to n), averaged by their numbers of examples. */
export function multiKrum(
  global: Float32Array,
  updates: readonly ClientUpdate[],
  numMalicious: number,
  numToKeep: number,
): KrumResult {
  checkMalicious(numMalicious);
  if (!Number.isInteger(numToKeep) || numToKeep < 1) {
    throw new RangeError(`numToKeep must be a positive integer, got ${numToKeep}`);
  }
  if (updates.length === 0) return { weights: global.slice(), selected: [] };
  const kept = rank(orderUpdates(updates, global.length), numMalicious).slice(0, numToKeep);
  return {
    weights: weightedAverage(kept, global.length),
    selected: kept.map((u) => u.clientId).sort((a, b) => a - b),
  };
}

/** Flower's Krum as an AggregationRule that reports the chosen client in lastSelection. */
export function krumStrategy(numMalicious: number): AggregationRule {
  checkMalicious(numMalicious);
  let selection: readonly number[] | undefined;
  return {
    name: 'Krum',
    get lastSelection() {
      return selection;
    },
    aggregate(global, updates) {
      const result = krum(global, updates, numMalicious);
      selection = result.selected;
      return result.weights;
    },
  };
}

/** Flower's MultiKrum as an AggregationRule that reports the kept clients in lastSelection. */
export function multiKrumStrategy(numMalicious: number, numToKeep: number): AggregationRule {
  checkMalicious(numMalicious);
  let selection: readonly number[] | undefined;
  return {
    name: 'MultiKrum',
    get lastSelection() {
      return selection;
    },
    aggregate(global, updates) {
      const result = multiKrum(global, updates, numMalicious, numToKeep);
      selection = result.selected;
      return result.weights;
    },
  };
}

import { krumScoresAmong, squaredDistanceMatrix } from './krum.js';
import { orderUpdates } from './orderUpdates.js';
import type { ClientUpdate } from './types.js';

/** Bulyan's answer: the next global weights and the ids of the θ = n − 2f clients Krum selected. */
export interface BulyanResult {
  readonly weights: Float32Array;
  /** The selected client ids, in increasing order. */
  readonly selected: readonly number[];
}

/** The fewest updates Bulyan can aggregate while tolerating numMalicious Byzantine clients: 4f + 3. */
export function bulyanMinClients(numMalicious: number): number {
  checkMalicious(numMalicious);
  return 4 * numMalicious + 3;
}

function checkMalicious(numMalicious: number): void {
  if (!Number.isInteger(numMalicious) || numMalicious < 0) {
    throw new RangeError(`numMalicious must be a non-negative integer, got ${numMalicious}`);
  }
}

/** The error for a round too small for f, saying what would make it work. */
function tooFewClients(n: number, numMalicious: number): RangeError {
  const needed = bulyanMinClients(numMalicious);
  const advice =
    n >= 3
      ? ` With ${n} updates it can tolerate at most ${Math.floor((n - 3) / 4)} malicious clients.`
      : ' It needs at least 3 updates even with numMalicious = 0.';
  return new RangeError(
    `Bulyan with numMalicious = ${numMalicious} needs at least ${needed} client updates per round ` +
      `(4 × ${numMalicious} + 3), but this round has ${n}.${advice}`,
  );
}

/**
 * Bulyan (El Mhamdi et al. 2018) as Flower's aggregate_bulyan with Krum computes it: θ = n − 2f updates are
 * selected one at a time, each the best Krum score among those not yet selected (Krum re-run on the
 * remaining set, so its n − f − 2 neighbours shrink with it); then each coordinate is the plain mean of the
 * β = θ − 2f selected values closest to the selected set's coordinate-wise median.
 *
 * Unweighted throughout, as in Flower: numbers of examples are ignored, since a Byzantine client could
 * claim any number. Ties go to the lower clientId (Krum scores, and equal distances to the median), where
 * Flower takes the first in arrival order. They do happen: with f + 3 or fewer updates left (the last picks,
 * when f ≤ 2) Krum scores by a single neighbour, and the closest pair left always tie.
 *
 * Throws a RangeError when 0 < n < 4f + 3, as Flower raises; a round without updates keeps the model.
 */
export function bulyan(global: Float32Array, updates: readonly ClientUpdate[], numMalicious: number): BulyanResult {
  checkMalicious(numMalicious);
  if (updates.length === 0) return { weights: global.slice(), selected: [] };
  const ordered = orderUpdates(updates, global.length);
  const n = ordered.length;
  if (n < bulyanMinClients(numMalicious)) throw tooFewClients(n, numMalicious);

  const theta = n - 2 * numMalicious;
  const beta = theta - 2 * numMalicious;
  // The distances between two updates do not depend on who else remains, so one matrix serves every pick.
  const distances = squaredDistanceMatrix(ordered);
  const remaining = ordered.map((_, i) => i);
  const picked: number[] = [];
  for (let s = 0; s < theta; s++) {
    const scores = krumScoresAmong(distances, n, remaining, numMalicious);
    // remaining stays in increasing clientId order, so a strict < keeps the lower id on a tie.
    let best = 0;
    for (let i = 1; i < scores.length; i++) if (scores[i] < scores[best]) best = i;
    picked.push(remaining[best]);
    remaining.splice(best, 1);
  }
  picked.sort((a, b) => a - b);
  const selected = picked.map((i) => ordered[i]);

  const column = new Float64Array(theta);
  const sorted = new Float64Array(theta);
  const distance = new Float64Array(theta);
  const byCloseness = Array.from({ length: theta }, (_, i) => i);
  const chosen = new Uint8Array(theta);
  const result = new Float32Array(global.length);
  const middle = theta >> 1;
  for (let j = 0; j < global.length; j++) {
    for (let i = 0; i < theta; i++) column[i] = selected[i].weights[j];
    sorted.set(column);
    sorted.sort();
    // np.median: the middle value, or the mean of the two middle values when θ is even.
    const median = theta % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    for (let i = 0; i < theta; i++) {
      distance[i] = Math.abs(column[i] - median);
      byCloseness[i] = i;
      chosen[i] = 0;
    }
    byCloseness.sort((a, b) => distance[a] - distance[b] || a - b);
    for (let i = 0; i < beta; i++) chosen[byCloseness[i]] = 1;
    // Sum the chosen values in clientId order, so the rounding does not depend on their distances.
    let sum = 0;
    for (let i = 0; i < theta; i++) if (chosen[i] === 1) sum += column[i];
    result[j] = sum / beta;
  }
  return { weights: result, selected: selected.map((u) => u.clientId) };
}

import { orderUpdates } from './orderUpdates.js';
import type { ClientUpdate } from './types.js';

/** A SCAFFOLD client's answer: its new local weights y_i and the change Δc_i of its control variate. */
export interface ScaffoldResult extends ClientUpdate {
  /** Δc_i = c_i⁺ − c_i, from scaffoldClientVariate. */
  controlDelta: Float32Array;
}

/** A client's new control variate c_i⁺ and its change Δc_i = c_i⁺ − c_i, both fresh arrays. */
export interface ScaffoldClientVariate {
  readonly controlVariate: Float32Array;
  readonly controlDelta: Float32Array;
}

function checkLength(label: string, array: Float32Array, expected: number): void {
  if (array.length !== expected) {
    throw new Error(`SCAFFOLD's ${label} has ${array.length} weights but the global model has ${expected}`);
  }
}

/**
 * SCAFFOLD's client-side control variate update (Karimireddy et al. 2020, Algorithm 1, option II):
 * c_i⁺ = c_i − c + (x − y_i)/(K·η_l), after K local steps of size η_l from the global weights x to y_i.
 *
 * Option II reuses the local steps already taken (option I would cost an extra pass over the data).
 * Δc_i is taken from the stored Float32 c_i⁺, not the exact value, so that the server's c keeps tracking
 * the mean of the c_i the clients actually hold.
 */
export function scaffoldClientVariate(
  ci: Float32Array,
  c: Float32Array,
  globalWeights: Float32Array,
  localWeights: Float32Array,
  steps: number,
  learningRate: number,
): ScaffoldClientVariate {
  const n = globalWeights.length;
  checkLength('client control variate c_i', ci, n);
  checkLength('server control variate c', c, n);
  checkLength('local model', localWeights, n);
  if (!Number.isInteger(steps) || steps < 1) {
    throw new RangeError(`SCAFFOLD needs a whole number of local steps K ≥ 1, got ${steps}`);
  }
  if (!Number.isFinite(learningRate) || learningRate <= 0) {
    throw new RangeError(`SCAFFOLD's local learning rate must be a finite number > 0, got ${learningRate}`);
  }
  const scale = 1 / (steps * learningRate);
  const controlVariate = new Float32Array(n);
  const controlDelta = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    controlVariate[j] = ci[j] - c[j] + (globalWeights[j] - localWeights[j]) * scale;
    controlDelta[j] = controlVariate[j] - ci[j];
  }
  return { controlVariate, controlDelta };
}

/**
 * SCAFFOLD's server step (Karimireddy et al. 2020, Algorithm 1) over the sampled clients S of N:
 * x ← x + η_g·(1/|S|)·Σ_i (y_i − x) and c ← c + (|S|/N)·(1/|S|)·Σ_i Δc_i; returns fresh arrays.
 *
 * Both means are unweighted, as in the paper: numbers of examples are not used, so with c = c_i = 0,
 * η_g = 1 and equal numbers of examples the weights are FedAvg's. c is SCAFFOLD's server state: pass the
 * returned c to the next round and send it to the clients. A round without results changes nothing.
 */
export function scaffoldServerStep(
  global: Float32Array,
  c: Float32Array,
  results: readonly ScaffoldResult[],
  serverLearningRate: number,
  totalClients: number,
): { weights: Float32Array; c: Float32Array } {
  const n = global.length;
  checkLength('server control variate c', c, n);
  if (!Number.isFinite(serverLearningRate)) {
    throw new RangeError(`SCAFFOLD's server learning rate must be a finite number, got ${serverLearningRate}`);
  }
  if (results.length === 0) return { weights: global.slice(), c: c.slice() };
  const ordered = orderUpdates(results, n) as ScaffoldResult[];
  const sampled = ordered.length;
  // N counts every client, sampled or not; fewer than |S| would make c move by more than the mean Δc_i.
  if (!Number.isInteger(totalClients) || totalClients < sampled) {
    throw new RangeError(
      `SCAFFOLD's total number of clients N must be a whole number ≥ the ${sampled} that answered, ` +
        `got ${totalClients}`,
    );
  }
  const sumStep = new Float64Array(n);
  const sumControl = new Float64Array(n);
  for (const { clientId, weights, controlDelta } of ordered) {
    if (controlDelta.length !== n) {
      throw new Error(`Client ${clientId} sent ${controlDelta.length} control variate changes; the model has ${n}`);
    }
    for (let j = 0; j < n; j++) {
      sumStep[j] += weights[j] - global[j];
      sumControl[j] += controlDelta[j];
    }
  }
  const weights = new Float32Array(n);
  const nextC = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    weights[j] = global[j] + (serverLearningRate * sumStep[j]) / sampled;
    // (|S|/N)·(1/|S|)·Σ Δc_i = Σ Δc_i / N.
    nextC[j] = c[j] + sumControl[j] / totalClients;
  }
  return { weights, c: nextC };
}

import { orderUpdates } from './orderUpdates.js';
import type { ClientUpdate } from './types.js';

/** A client update for q-FedAvg: the new weights plus the client's loss before it trained. */
export interface QFedAvgUpdate extends ClientUpdate {
  /** F_k(wᵗ): the client's training loss on the global weights it received, measured before training. */
  loss: number;
}

export interface QFedAvgOptions {
  /** Fairness q ≥ 0 (Flower's q_param): 0 weighs every client alike, larger q favours high-loss clients. */
  readonly q: number;
  /** The clients' learning rate (Flower's qffl_learning_rate); L = 1/learningRate is the Lipschitz estimate. */
  readonly learningRate: number;
}

/** Flower's QFedAvg defaults: q_param = 0.2, qffl_learning_rate = 0.1 (so L = 10). */
export const flowerQFedAvgOptions: QFedAvgOptions = { q: 0.2, learningRate: 0.1 };

/** Added to every loss before raising it to a power, as Flower does, so a zero loss gives no 0⁻¹ or 0/0. */
export const Q_FEDAVG_LOSS_EPSILON = 1e-10;

function checkOptions({ q, learningRate }: QFedAvgOptions): void {
  if (!Number.isFinite(q) || q < 0) throw new RangeError(`q-FedAvg's q must be a finite number ≥ 0, got ${q}`);
  if (!Number.isFinite(learningRate) || learningRate <= 0) {
    throw new RangeError(`q-FedAvg's learning rate must be a finite number > 0, got ${learningRate}`);
  }
}

/**
 * One round of q-FedAvg (Li et al. 2020, "Fair Resource Allocation in Federated Learning", Algorithm 2)
 * as Flower's QFedAvg aggregates it, with L = 1/learningRate and F = loss + 1e-10:
 *
 *   Δw_k = L·(wᵗ − w_k),  Δ_k = F_k^q·Δw_k,  h_k = q·F_k^(q−1)·‖Δw_k‖² + L·F_k^q,
 *   wᵗ⁺¹ = wᵗ − Σ_k Δ_k / Σ_k h_k.
 *
 * One deliberate difference: F_k is each client's own loss on wᵗ (update.loss), as in the paper; Flower
 * instead uses its server-side centralized evaluation loss for every client. With every update's loss set
 * to that one loss, this is exactly Flower's formula. With q = 0 every client counts alike and the step is
 * the plain, unweighted mean of the clients' weights. Numbers of examples are not used (neither paper nor
 * Flower weighs by them). A round without updates keeps the model.
 */
export function qFedAvg(
  global: Float32Array,
  updates: readonly QFedAvgUpdate[],
  options: QFedAvgOptions,
): Float32Array {
  checkOptions(options);
  if (updates.length === 0) return global.slice();
  const ordered = orderUpdates(updates, global.length) as QFedAvgUpdate[];
  const { q } = options;
  const lipschitz = 1 / options.learningRate;
  const sumDelta = new Float64Array(global.length);
  let sumH = 0;
  for (const update of ordered) {
    const { loss, weights, clientId } = update;
    // A negative loss has no real F^q for fractional q; a missing one would silently turn into NaN.
    if (!Number.isFinite(loss) || loss < 0) {
      throw new RangeError(`Client ${clientId} reported an invalid loss for q-FedAvg: ${loss}`);
    }
    const f = loss + Q_FEDAVG_LOSS_EPSILON;
    const fq = f ** q;
    let squaredNorm = 0;
    for (let j = 0; j < global.length; j++) {
      const step = lipschitz * (global[j] - weights[j]);
      squaredNorm += step * step;
      sumDelta[j] += fq * step;
    }
    // With q = 0 the first term is 0·F⁻¹·‖Δw‖², which the epsilon keeps finite, so h_k = L exactly.
    sumH += q * f ** (q - 1) * squaredNorm + lipschitz * fq;
  }
  const next = new Float32Array(global.length);
  for (let j = 0; j < global.length; j++) next[j] = global[j] - sumDelta[j] / sumH;
  return next;
}

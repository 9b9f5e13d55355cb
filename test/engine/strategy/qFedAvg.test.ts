import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { QFedAvgUpdate } from '../../../engine/strategy/qFedAvg.js';
import { flowerQFedAvgOptions, qFedAvg } from '../../../engine/strategy/qFedAvg.js';
import { unweightedAverage } from '../../../engine/strategy/weightedAverage.js';
import { assertClose, reorderings, snapshot, update } from './helpers.js';

/** A q-FedAvg update: weights, the loss before training and the number of examples. */
function qUpdate(clientId: number, weights: readonly number[], loss: number, numExamples = 1): QFedAvgUpdate {
  return { ...update(clientId, weights, numExamples), loss };
}

const global = Float32Array.from([0, 0]);
/**
 * learningRate 0.5, so L = 2:  Δw_0 = 2·([0, 0] − [0.5, 0]) = [−1, 0],  ‖Δw_0‖² = 1
 *                               Δw_1 = 2·([0, 0] − [0, −0.5]) = [0, 1],  ‖Δw_1‖² = 1
 * Client 1 is worse off (loss 3 against 1) and trained on 9 times as many examples.
 */
const clients = [qUpdate(0, [0.5, 0], 1, 1), qUpdate(1, [0, -0.5], 3, 9)];

test('q-FedAvg with q = 0 is the unweighted mean of the clients\' weights', () => {
  // F^0 = 1, so Δ_k = Δw_k and h_k = 0·F^(−1)·1 + 2·1 = 2;  Σh = 4,  ΣΔ = [−1, 0] + [0, 1] = [−1, 1]
  // new = [0, 0] − [−1, 1]/4 = [0.25, −0.25] = ([0.5, 0] + [0, −0.5])/2, whatever the losses and examples
  // (FedAvg by examples would give (1·[0.5, 0] + 9·[0, −0.5])/10 = [0.05, −0.45]).
  const weights = qFedAvg(global, clients, { q: 0, learningRate: 0.5 });
  assertClose(weights, [0.25, -0.25]);
  assert.deepEqual(weights, unweightedAverage(clients));
});

test('q-FedAvg with q = 1 pulls the model towards the client with the higher loss', () => {
  // Client 0: F = 1:  Δ_0 = 1·[−1, 0] = [−1, 0];  h_0 = 1·1⁰·1 + 2·1 = 3
  // Client 1: F = 3:  Δ_1 = 3·[0, 1] = [0, 3];    h_1 = 1·3⁰·1 + 2·3 = 7
  // Σh = 10;  new = [0, 0] − ([−1, 0] + [0, 3])/10 = [0.1, −0.3]
  // (the +1e-10 on each loss moves these by about 1e-11, far below the tolerance)
  assertClose(qFedAvg(global, clients, { q: 1, learningRate: 0.5 }), [0.1, -0.3]);
});

test('q-FedAvg with every client\'s loss equal to one loss is Flower\'s formula', () => {
  // Flower uses its server loss F = 4 for everyone. q = 0.5, L = 2:  F^q = 2,  F^(q−1) = 0.5
  //   Δ_0 = 2·[−1, 0] = [−2, 0],  Δ_1 = 2·[0, 1] = [0, 2];  h_k = 0.5·0.5·1 + 2·2 = 4.25 each
  //   new = [0, 0] − [−2, 2]/8.5 = [0.2352941176, −0.2352941176]
  const sameLoss = clients.map((u) => ({ ...u, loss: 4 }));
  assertClose(qFedAvg(global, sameLoss, { q: 0.5, learningRate: 0.5 }), [0.2352941176, -0.2352941176]);
});

/** Flower's QFedAvg.aggregate_fit, written out for one shared server loss. */
function flowerFormula(pre: Float32Array, weights: Float32Array[], loss: number, q: number, lr: number): number[] {
  const f = loss + 1e-10;
  const grads = weights.map((w) => Array.from(pre, (x, j) => (x - w[j]) * (1 / lr)));
  const deltas = grads.map((g) => g.map((x) => f ** q * x));
  const hs = grads.map((g) => q * f ** (q - 1) * g.reduce((s, x) => s + x * x, 0) + (1 / lr) * f ** q);
  const denominator = hs.reduce((s, h) => s + h, 0);
  return Array.from(pre, (x, j) => x - deltas.reduce((s, d) => s + d[j] / denominator, 0));
}

test('q-FedAvg matches Flower\'s formula for a shared loss with Flower\'s defaults', () => {
  const pre = Float32Array.from([0.3, -1.2, 2]);
  const loss = 0.7;
  const three = [
    qUpdate(4, [0.25, -1.1, 2.05], loss, 3),
    qUpdate(2, [0.4, -1.3, 1.9], loss, 8),
    qUpdate(9, [0.31, -1.25, 2.2], loss, 1),
  ];
  const { q, learningRate } = flowerQFedAvgOptions;
  assert.equal(q, 0.2);
  assert.equal(learningRate, 0.1);
  const expected = flowerFormula(pre, [three[1], three[0], three[2]].map((u) => u.weights), loss, q, learningRate);
  assertClose(qFedAvg(pre, three, flowerQFedAvgOptions), expected);
});

test('q-FedAvg stays finite when a client reports a zero loss', () => {
  // q = 0, F = 0: without Flower's +1e-10, h would hold 0·0⁻¹ = NaN. With it, h_k = 0·1e10·1 + 2·1 = 2 and
  // the step is the plain mean again: ([0.5, 0] + [0, −0.5])/2 = [0.25, −0.25].
  const zero = clients.map((u) => ({ ...u, loss: 0 }));
  assertClose(qFedAvg(global, zero, { q: 0, learningRate: 0.5 }), [0.25, -0.25]);
  // q = 0.5, F = 1e-10: F^q = 1e-5, h_k ≈ 0.5·1e5·1 = 5e4, so the model moves by about 1e-5/1e5 = 1e-10.
  const half = qFedAvg(global, zero, { q: 0.5, learningRate: 0.5 });
  assert.ok(half.every(Number.isFinite));
  assertClose(half, [0, 0], 1e-9);
});

test('q-FedAvg gives the same result whatever order the updates arrive in', () => {
  const three = [qUpdate(5, [0.1, 0.2], 0.3, 2), qUpdate(1, [-0.4, 0.7], 1.9, 5), qUpdate(3, [0.33, 0], 0.05, 1)];
  const expected = qFedAvg(global, three, flowerQFedAvgOptions);
  for (const order of reorderings(three) as QFedAvgUpdate[][]) {
    assert.deepEqual(qFedAvg(global, order, flowerQFedAvgOptions), expected);
  }
});

test('q-FedAvg leaves the global weights and the updates unchanged', () => {
  const before = snapshot(clients);
  qFedAvg(global, clients, { q: 1, learningRate: 0.5 });
  assert.deepEqual(clients, before);
  assert.deepEqual(global, Float32Array.from([0, 0]));
});

test('q-FedAvg with no updates keeps a copy of the global model', () => {
  const result = qFedAvg(global, [], flowerQFedAvgOptions);
  assert.deepEqual(result, global);
  assert.notEqual(result, global);
});

test('q-FedAvg names a client with a bad loss or size and rejects bad options', () => {
  assert.throws(() => qFedAvg(global, [qUpdate(7, [0, 0], -1)], flowerQFedAvgOptions), /Client 7.*loss/);
  assert.throws(() => qFedAvg(global, [qUpdate(7, [0, 0], Number.NaN)], flowerQFedAvgOptions), /Client 7/);
  assert.throws(() => qFedAvg(global, [qUpdate(8, [0, 0, 0], 1)], flowerQFedAvgOptions), /Client 8/);
  assert.throws(() => qFedAvg(global, clients, { q: -0.1, learningRate: 0.1 }), RangeError);
  assert.throws(() => qFedAvg(global, clients, { q: 0.2, learningRate: 0 }), RangeError);
});

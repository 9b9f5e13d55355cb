import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fedAvg } from '../../../engine/strategy/fedAvg.js';
import type { ScaffoldResult } from '../../../engine/strategy/scaffold.js';
import { scaffoldClientVariate, scaffoldServerStep } from '../../../engine/strategy/scaffold.js';
import { assertClose, reorderings, update } from './helpers.js';

const f32 = (values: readonly number[]) => Float32Array.from(values);

/** A SCAFFOLD result from plain numbers. */
function result(clientId: number, weights: readonly number[], controlDelta: ArrayLike<number>, n = 1): ScaffoldResult {
  return { ...update(clientId, weights, n), controlDelta: Float32Array.from(controlDelta) };
}

/**
 * One round, two sampled clients of N = 4. x = [1, 2], c = [0.1, −0.2]; K = 4 local steps of η_l = 0.125,
 * so 1/(K·η_l) = 1/0.5 = 2.
 */
const x = f32([1, 2]);
const c = f32([0.1, -0.2]);
const c0 = f32([0, 0]);
const c1 = f32([0.2, 0.4]);
const y0 = f32([0.5, 2.5]);
const y1 = f32([1.5, 1]);

test('the SCAFFOLD client variate is c_i − c + (x − y_i)/(K·η_l), and Δc_i its change', () => {
  // Client 0: x − y_0 = [0.5, −0.5];  c_0⁺ = [0, 0] − [0.1, −0.2] + 2·[0.5, −0.5] = [0.9, −0.8]
  //   Δc_0 = [0.9, −0.8] − [0, 0] = [0.9, −0.8]
  const first = scaffoldClientVariate(c0, c, x, y0, 4, 0.125);
  assertClose(first.controlVariate, [0.9, -0.8]);
  assertClose(first.controlDelta, [0.9, -0.8]);
  // Client 1: x − y_1 = [−0.5, 1];  c_1⁺ = [0.2, 0.4] − [0.1, −0.2] + 2·[−0.5, 1]
  //   = [0.1 − 1, 0.6 + 2] = [−0.9, 2.6]
  //   Δc_1 = [−0.9, 2.6] − [0.2, 0.4] = [−1.1, 2.2]
  const second = scaffoldClientVariate(c1, c, x, y1, 4, 0.125);
  assertClose(second.controlVariate, [-0.9, 2.6]);
  assertClose(second.controlDelta, [-1.1, 2.2]);
});

test('the SCAFFOLD client variate depends on K and η_l only through K·η_l', () => {
  // K·η_l = 4·0.125 = 1·0.5 = 2·0.25
  const reference = scaffoldClientVariate(c1, c, x, y1, 4, 0.125);
  assert.deepEqual(scaffoldClientVariate(c1, c, x, y1, 1, 0.5), reference);
  assert.deepEqual(scaffoldClientVariate(c1, c, x, y1, 2, 0.25), reference);
});

test('the SCAFFOLD server step over one hand-computed round of two clients', () => {
  // Δc from the client test; η_g = 0.5; the clients' examples (1 and 3) are not used.
  //   mean(y_i − x) = ([−0.5, 0.5] + [0.5, −1])/2 = [0, −0.25];  x ← [1, 2] + 0.5·[0, −0.25] = [1, 1.875]
  //   mean(Δc_i) = ([0.9, −0.8] + [−1.1, 2.2])/2 = [−0.1, 0.7]
  //   c ← [0.1, −0.2] + (2/4)·[−0.1, 0.7] = [0.1 − 0.05, −0.2 + 0.35] = [0.05, 0.15]
  const results = [result(0, [0.5, 2.5], [0.9, -0.8], 1), result(1, [1.5, 1], [-1.1, 2.2], 3)];
  const next = scaffoldServerStep(x, c, results, 0.5, 4);
  assertClose(next.weights, [1, 1.875]);
  assertClose(next.c, [0.05, 0.15]);
});

test('with c = c_i = 0, η_g = 1 and equal examples the SCAFFOLD server step is FedAvg', () => {
  const g = f32([0.3, -0.7, 1.1]);
  const zero = new Float32Array(3);
  const locals = [f32([0.1, -0.5, 1.4]), f32([0.6, -0.9, 0.8]), f32([0.2, -0.2, 1])];
  const results = locals.map((w, i) => {
    const { controlDelta } = scaffoldClientVariate(zero, zero, g, w, 5, 0.01);
    return { ...update(i, Array.from(w), 10), controlDelta };
  });
  const next = scaffoldServerStep(g, zero, results, 1, 3);
  // x + 1·mean(y_i − x) = mean(y_i), which is FedAvg when every n_i is the same.
  assertClose(next.weights, Array.from(fedAvg(g, results)), 1e-7);
  // Δc_i = (x − y_i)/(5·0.01), all N = 3 clients sampled: c = mean(x − y_i)/0.05 = (x − mean(y_i))·20
  assertClose(next.c, Array.from(g, (xj, j) => (xj - next.weights[j]) * 20), 1e-5);
});

test('the SCAFFOLD server c stays the mean of every client\'s c_i when only some are sampled', () => {
  // Three clients; c starts as the mean of their c_i. Clients 0 and 1 train, client 2 keeps its c_2.
  const c2 = f32([-0.5, -1.3]);
  const start = f32([(0 + 0.2 - 0.5) / 3, (0 + 0.4 - 1.3) / 3]); // [−0.1, −0.3]
  const a = scaffoldClientVariate(c0, start, x, y0, 4, 0.125);
  const b = scaffoldClientVariate(c1, start, x, y1, 4, 0.125);
  const results = [result(0, [0.5, 2.5], a.controlDelta), result(1, [1.5, 1], b.controlDelta)];
  const next = scaffoldServerStep(x, start, results, 1, 3);
  const mean = [0, 1].map((j) => (a.controlVariate[j] + b.controlVariate[j] + c2[j]) / 3);
  assertClose(next.c, mean);
});

test('SCAFFOLD gives the same result whatever order the results arrive in', () => {
  const results = [
    result(4, [0.5, 2.5], [0.9, -0.8]),
    result(1, [1.5, 1], [-1.1, 2.2]),
    result(7, [0.9, 2.1], [0.3, 0.01]),
  ];
  const expected = scaffoldServerStep(x, c, results, 0.7, 10);
  for (const order of reorderings(results) as ScaffoldResult[][]) {
    assert.deepEqual(scaffoldServerStep(x, c, order, 0.7, 10), expected);
  }
});

test('SCAFFOLD leaves its inputs unchanged and returns fresh arrays', () => {
  const results = [result(0, [0.5, 2.5], [0.9, -0.8]), result(1, [1.5, 1], [-1.1, 2.2])];
  const client = scaffoldClientVariate(c0, c, x, y0, 4, 0.125);
  assert.notEqual(client.controlVariate, c0);
  const server = scaffoldServerStep(x, c, results, 0.5, 4);
  assert.notEqual(server.c, c);
  assert.notEqual(server.weights, x);
  assert.deepEqual([x, c, c0, y0], [f32([1, 2]), f32([0.1, -0.2]), f32([0, 0]), f32([0.5, 2.5])]);
  assert.deepEqual(results[0].controlDelta, f32([0.9, -0.8]));
  assert.deepEqual(results[1].weights, f32([1.5, 1]));
  const empty = scaffoldServerStep(x, c, [], 0.5, 4);
  assert.deepEqual(empty, { weights: x, c });
  assert.notEqual(empty.weights, x);
  assert.notEqual(empty.c, c);
});

test('SCAFFOLD rejects mismatched sizes, bad step counts and too small an N', () => {
  assert.throws(() => scaffoldClientVariate(f32([0]), c, x, y0, 4, 0.125), /c_i has 1 weights/);
  assert.throws(() => scaffoldClientVariate(c0, c, x, y0, 0, 0.125), RangeError);
  assert.throws(() => scaffoldClientVariate(c0, c, x, y0, 1.5, 0.125), RangeError);
  assert.throws(() => scaffoldClientVariate(c0, c, x, y0, 4, 0), RangeError);
  const results = [result(0, [0.5, 2.5], [0.9, -0.8]), result(1, [1.5, 1], [-1.1, 2.2])];
  assert.throws(() => scaffoldServerStep(x, c, results, 1, 1), /the 2 that answered/);
  assert.throws(() => scaffoldServerStep(x, c, [result(3, [1, 2], [1])], 1, 4), /Client 3 sent 1 control/);
  assert.throws(() => scaffoldServerStep(x, c, [result(5, [1], [1, 2])], 1, 4), /Client 5/);
});

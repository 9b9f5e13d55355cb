import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  krum,
  krumNeighbourCount,
  krumScores,
  krumStrategy,
  multiKrum,
  multiKrumStrategy,
} from '../../../engine/strategy/krum.js';
import { fedAvg } from '../../../engine/strategy/fedAvg.js';
import { assertClose, reorderings, snapshot, update } from './helpers.js';

const global = Float32Array.from([0, 0]);
/**
 * Four honest clients around (1, 1) and one attacker at (10, 10), f = 1, so each score sums the
 * n − f − 2 = 2 smallest squared distances to the others:
 *
 *            to 0   to 1   to 2   to 3   to 4    score
 *   0 (0,0)    –      9     16      2    200    2 + 9  = 11
 *   1 (3,0)    9      –     25      5    149    5 + 9  = 14
 *   2 (0,4)   16     25      –     10    136   10 + 16 = 26
 *   3 (1,1)    2      5     10      –    162    2 + 5  = 7
 *   4 (10,10) 200   149    136    162     –   136 + 149 = 285
 */
const clients = [
  update(0, [0, 0], 10),
  update(1, [3, 0], 20),
  update(2, [0, 4], 30),
  update(3, [1, 1], 40),
  update(4, [10, 10], 1000),
];

test('Krum scores each update by its squared distances to its nearest neighbours', () => {
  assertClose(krumScores(clients, 1), [11, 14, 26, 7, 285]);
});

test('Krum never picks the outlier when f=1', () => {
  const { weights, selected } = krum(global, clients, 1);
  assertClose(weights, [1, 1]);
  assert.deepEqual(selected, [3]);
});

test('Krum\'s answer is a copy of the chosen client\'s weights', () => {
  const { weights } = krum(global, clients, 1);
  weights[0] = 99;
  assert.equal(clients[3].weights[0], 1);
});

test('MultiKrum averages the best-scored updates by their examples', () => {
  // Best two: clients 3 (score 7) and 0 (11): (40·(1, 1) + 10·(0, 0)) / 50 = (0.8, 0.8)
  const two = multiKrum(global, clients, 1, 2);
  assertClose(two.weights, [0.8, 0.8]);
  assert.deepEqual(two.selected, [0, 3]);
  // Best three add client 1 (14): x = (40·1 + 10·0 + 20·3)/70 = 100/70;  y = (40·1 + 0 + 0)/70 = 40/70
  const three = multiKrum(global, clients, 1, 3);
  assertClose(three.weights, [100 / 70, 40 / 70]);
  assert.deepEqual(three.selected, [0, 1, 3]);
});

test('MultiKrum keeping more updates than there are clients is FedAvg of everyone', () => {
  const { weights, selected } = multiKrum(global, clients, 1, 10);
  assert.deepEqual(weights, fedAvg(global, clients));
  assert.deepEqual(selected, [0, 1, 2, 3, 4]);
});

test('Krum sums over n − f − 2 neighbours, but at least one and at most n − 1', () => {
  assert.equal(krumNeighbourCount(10, 2), 6);
  assert.equal(krumNeighbourCount(5, 1), 2);
  assert.equal(krumNeighbourCount(3, 1), 1); // n − f − 2 = 0 → 1
  assert.equal(krumNeighbourCount(4, 5), 1); // more attackers than clients still leaves one neighbour
  assert.equal(krumNeighbourCount(2, 0), 1); // n − f − 2 = 0, and only one other client anyway
  assert.equal(krumNeighbourCount(1, 0), 0); // a lone client has no neighbours at all
});

test('Krum still works in a federation too small for its f', () => {
  // n = 3, f = 1 → one neighbour each. Distances: 0–1: 1, 0–2: 64, 1–2: 49 → scores 1, 1, 49.
  // Clients 0 and 1 tie; the lower id wins.
  const small = [update(0, [0]), update(1, [1]), update(2, [8])];
  assertClose(krumScores(small, 1), [1, 1, 49]);
  assert.deepEqual(krum(Float32Array.from([0]), small, 1).selected, [0]);
  // A lone client is simply taken.
  const alone = krum(Float32Array.from([0]), [update(7, [5])], 3);
  assertClose(alone.weights, [5]);
  assert.deepEqual(alone.selected, [7]);
});

test('Krum breaks score ties towards the lower client id whatever order the updates arrive in', () => {
  // Symmetric square: every corner scores 1 + 1 = 2 with f = 0 (n − f − 2 = 2 neighbours).
  const square = [update(6, [0, 0]), update(2, [1, 0]), update(9, [0, 1]), update(4, [1, 1])];
  assert.deepEqual(krum(global, square, 0).selected, [2]);
  for (const order of reorderings(square)) assert.deepEqual(krum(global, order, 0).selected, [2]);
});

test('Krum and MultiKrum give the same result whatever order the updates arrive in', () => {
  const expectedKrum = krum(global, clients, 1);
  const expectedMulti = multiKrum(global, clients, 1, 3);
  for (const order of reorderings(clients)) {
    assert.deepEqual(krum(global, order, 1), expectedKrum);
    assert.deepEqual(multiKrum(global, order, 1, 3), expectedMulti);
  }
});

test('Krum and MultiKrum leave the global weights and the updates unchanged', () => {
  const before = snapshot(clients);
  krum(global, clients, 1);
  multiKrum(global, clients, 1, 3);
  krumScores(clients, 1);
  assert.deepEqual(clients, before);
  assert.deepEqual(global, Float32Array.from([0, 0]));
});

test('Krum with no updates keeps the global model and selects nobody', () => {
  const strategy = krumStrategy(1);
  const result = strategy.aggregate(global, []);
  assert.deepEqual(result, global);
  assert.notEqual(result, global);
  assert.deepEqual(strategy.lastSelection, []);
});

test('the Krum and MultiKrum strategies report which clients they selected', () => {
  const single = krumStrategy(1);
  assert.equal(single.name, 'Krum');
  assert.equal(single.lastSelection, undefined);
  single.aggregate(global, clients);
  assert.deepEqual(single.lastSelection, [3]);

  const multi = multiKrumStrategy(1, 2);
  assert.equal(multi.name, 'MultiKrum');
  assertClose(multi.aggregate(global, clients), [0.8, 0.8]);
  assert.deepEqual(multi.lastSelection, [0, 3]);
  multi.aggregate(global, []);
  assert.deepEqual(multi.lastSelection, []);
});

test('Krum names the client whose update does not fit the model', () => {
  assert.throws(() => krum(global, [update(0, [1, 2]), update(3, [1])], 0), /Client 3/);
  assert.throws(() => multiKrum(global, [update(0, [1, 2, 3])], 0, 1), /Client 0/);
});

test('Krum rejects a negative f and MultiKrum a numToKeep below one', () => {
  assert.throws(() => krum(global, clients, -1), RangeError);
  assert.throws(() => multiKrum(global, clients, 1, 0), RangeError);
});

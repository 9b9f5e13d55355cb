import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bulyan, bulyanMinClients } from '../../../engine/strategy/bulyan.js';
import { krum } from '../../../engine/strategy/krum.js';
import type { ClientUpdate } from '../../../engine/strategy/types.js';
import { assertClose, reorderings, snapshot, update } from './helpers.js';

const global = Float32Array.from([0, 0]);
/**
 * Six honest clients and one attacker at (10, 10), f = 1: θ = 7 − 2 = 5 selections, β = 5 − 2 = 3.
 * The attacker claims 1000 examples, which Bulyan ignores. Squared distances:
 *
 *             1     2     3     4     5     6
 *   0 (0,2)   4     9    20    18     2   164
 *   1 (0,0)        25    16    34    10   200
 *   2 (0,5)              41     9     5   125
 *   3 (4,0)                    26    18   136
 *   4 (3,5)                           8    74
 *   5 (1,3)                               130
 *
 * Pick 1, all 7 left, n − f − 2 = 4 neighbours:
 *   0: 2+4+9+18 = 33   1: 4+10+16+25 = 55   2: 5+9+9+25 = 48   3: 16+18+20+26 = 80
 *   4: 8+9+18+26 = 61  5: 2+5+8+10 = 25      6: 74+125+130+136 = 465          → client 5
 * Pick 2, {0,1,2,3,4,6}, 3 neighbours:
 *   0: 4+9+18 = 31   1: 4+16+25 = 45   2: 9+9+25 = 43   3: 16+20+26 = 62   4: 9+18+26 = 53
 *   6: 74+125+136 = 335                                                        → client 0
 * Pick 3, {1,2,3,4,6}, 2 neighbours:
 *   1: 16+25 = 41   2: 9+25 = 34   3: 16+26 = 42   4: 9+26 = 35   6: 74+125 = 199  → client 2
 * Pick 4, {1,3,4,6}, max(1, 4 − 3) = 1 neighbour:
 *   1: 16   3: 16   4: 26   6: 74                           → 1 and 3 tie, the lower id: client 1
 * Pick 5, {3,4,6}, 1 neighbour:
 *   3: 26   4: 26   6: 74                                   → 3 and 4 tie, the lower id: client 3
 * Selected {0, 1, 2, 3, 5}; the attacker 6 and client 4 are left out.
 *
 * Coordinate-wise over the selected (0, 1, 2, 3, 5), the β = 3 values closest to the median, averaged:
 *   x: 0, 0, 0, 4, 1 → sorted 0 0 0 1 4, median 0; closest 0, 0, 0          → (0 + 0 + 0)/3 = 0
 *   y: 2, 0, 5, 0, 3 → sorted 0 0 2 3 5, median 2; distances 0, 2, 3, 2, 1
 *      → 2 (0), 3 (1), then one 0 (2; both are 0, so the tie cannot matter) → (2 + 3 + 0)/3 = 5/3
 */
const clients: ClientUpdate[] = [
  update(0, [0, 2], 10),
  update(1, [0, 0], 20),
  update(2, [0, 5], 30),
  update(3, [4, 0], 40),
  update(4, [3, 5], 50),
  update(5, [1, 3], 60),
  update(6, [10, 10], 1000),
];

test('Bulyan needs 4f + 3 clients', () => {
  assert.equal(bulyanMinClients(0), 3);
  assert.equal(bulyanMinClients(1), 7);
  assert.equal(bulyanMinClients(2), 11);
  assert.throws(() => bulyanMinClients(-1), RangeError);
  assert.throws(() => bulyanMinClients(0.5), RangeError);
});

test('Bulyan with f = 1 leaves out the far attacker and averages what is closest to the median', () => {
  const { weights, selected } = bulyan(global, clients, 1);
  assert.deepEqual(selected, [0, 1, 2, 3, 5]);
  assertClose(weights, [0, 5 / 3]);
});

test('Bulyan selects, one by one, what Krum would pick from the clients not yet selected', () => {
  let left = [...clients];
  const picks: number[] = [];
  for (let s = 0; s < 5; s++) {
    const [id] = krum(global, left, 1).selected;
    picks.push(id);
    left = left.filter((u) => u.clientId !== id);
  }
  assert.deepEqual(picks, [5, 0, 2, 1, 3]);
  assert.deepEqual(bulyan(global, clients, 1).selected, [...picks].sort((a, b) => a - b));
});

test('Bulyan refuses a round with fewer than 4f + 3 clients and says how many it needs', () => {
  const six = clients.slice(0, 6);
  assert.throws(
    () => bulyan(global, six, 1),
    (error: unknown) =>
      error instanceof RangeError &&
      /needs at least 7 client updates/.test(error.message) &&
      /this round has 6/.test(error.message) &&
      /at most 0 malicious/.test(error.message),
  );
  assert.throws(() => bulyan(global, clients, 2), /needs at least 11 client updates/);
  assert.throws(() => bulyan(global, clients.slice(0, 2), 0), /at least 3 updates even with numMalicious = 0/);
});

test('Bulyan with f = 0 is the plain mean of everyone, as in Flower\'s bulyan_test.py', () => {
  // θ = β = n = 6, so every value of every client is kept: (0.2 + 0.5 + 0.7 + 12 + 0.1 + 0.1)/6 = 13.6/6
  const flower = [0.2, 0.5, 0.7, 12, 0.1, 0.1].map((x, i) => update(i, [x, x, x, x], 5));
  const { weights, selected } = bulyan(Float32Array.from([0.1, 0.1, 0.1, 0.1]), flower, 0);
  assertClose(weights, [13.6 / 6, 13.6 / 6, 13.6 / 6, 13.6 / 6]);
  assert.deepEqual(selected, [0, 1, 2, 3, 4, 5]);
});

test('Bulyan gives the same result whatever order the updates arrive in', () => {
  const expected = bulyan(global, clients, 1);
  for (const order of reorderings(clients)) assert.deepEqual(bulyan(global, order, 1), expected);
});

test('Bulyan leaves the global weights and the updates unchanged', () => {
  const before = snapshot(clients);
  bulyan(global, clients, 1);
  assert.deepEqual(clients, before);
  assert.deepEqual(global, Float32Array.from([0, 0]));
});

test('Bulyan with no updates keeps a copy of the global model and selects nobody', () => {
  const result = bulyan(global, [], 1);
  assert.deepEqual(result.weights, global);
  assert.notEqual(result.weights, global);
  assert.deepEqual(result.selected, []);
});

test('Bulyan names the client whose update does not fit and rejects a bad f', () => {
  const bad = [...clients.slice(0, 6), update(9, [1, 2, 3])];
  assert.throws(() => bulyan(global, bad, 1), /Client 9/);
  assert.throws(() => bulyan(global, clients, -1), RangeError);
});

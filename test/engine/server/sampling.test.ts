/** Client sampling as Flower computes it: int(fraction · available), at least minClients, never more than available. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientParams } from '../../../engine/format/params.js';
import { dropsOut, sampleClients, sampleCount } from '../../../engine/server/sampling.js';

test('a round samples ⌊fraction · available⌋ clients, as Flower\'s int() does', () => {
  assert.equal(sampleCount({ fraction: 0.5, minClients: 2 }, 10), 5);
  assert.equal(sampleCount({ fraction: 0.34, minClients: 2 }, 10), 3); // int(3.4) = 3
  assert.equal(sampleCount({ fraction: 0.25, minClients: 1 }, 10), 2); // int(2.5) = 2, not round's 3
  // 0.29 · 100 is 28.999999999999996 in floating point; Python's int() gives 28 too.
  assert.equal(sampleCount({ fraction: 0.29, minClients: 2 }, 100), 28);
});

test('at least minClients are sampled, Flower\'s default 2, but never more than are available', () => {
  const defaults = clientParams.parse({ fraction: 0.1 });
  assert.equal(defaults.minClients, 2);
  assert.equal(sampleCount(defaults, 10), 2); // int(1.0) = 1, raised to min_fit_clients = 2
  assert.equal(sampleCount({ fraction: 0.1, minClients: 5 }, 3), 3);
  assert.equal(sampleCount({ fraction: 1, minClients: 2 }, 1), 1);
  assert.equal(sampleCount({ fraction: 1, minClients: 2 }, 7), 7);
});

test('sampled positions are distinct, increasing, seeded, and the same for every variant on the same split', () => {
  const clients = Array.from({ length: 50 }, (_, i) => i);
  const a = sampleClients({ fraction: 0.2, minClients: 2 }, clients, 42, 'split', 3).positions;
  assert.equal(a.length, 10);
  assert.deepEqual([...a].sort((x, y) => x - y), a);
  assert.equal(new Set(a).size, 10);
  assert.deepEqual(sampleClients({ fraction: 0.2, minClients: 2 }, clients, 42, 'split', 3).positions, a);
  assert.notDeepEqual(sampleClients({ fraction: 0.2, minClients: 2 }, clients, 42, 'split', 4).positions, a);
});

test('dropout is a seeded draw per split client and round, never for probability 0', () => {
  const draws = Array.from({ length: 400 }, (_, c) => dropsOut(0.3, 42, 'split', c, 1));
  const share = draws.filter(Boolean).length / draws.length;
  assert.ok(share > 0.2 && share < 0.4, `dropped share ${share}`);
  assert.deepEqual(Array.from({ length: 400 }, (_, c) => dropsOut(0.3, 42, 'split', c, 1)), draws);
  assert.ok(Array.from({ length: 400 }, (_, c) => dropsOut(0, 42, 'split', c, 1)).every((d) => !d));
});

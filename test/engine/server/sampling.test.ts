/** Client sampling as Flower computes it: int(fraction · available), at least minClients, never more than available. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientParams } from '../../../engine/format/params.js';
import { deriveSeed, Rng, seedPrefix } from '../../../engine/random/rng.js';
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

test('a large split samples the same clients as hashing its whole client list every round would', () => {
  // The seed hashes every client id of the split; it is hashed once per list now, and must not change which
  // clients a run samples (saved runs and exported scripts would stop giving the same numbers).
  const splitClients = Array.from({ length: 5000 }, (_, i) => i * 3 + 1);
  const params = { fraction: 0.01, minClients: 2 };
  for (const [seed, splitId] of [[42, 'split'], [7, 'split'], [42, 'other']] as const) {
    for (const round of [1, 2, 9]) {
      const expected = new Rng(deriveSeed(seed, 'sample', splitId, splitClients.join(','), round)).sample(5000, 50);
      assert.deepEqual(sampleClients(params, splitClients, seed, splitId, round).positions, expected, `seed ${seed}, ${splitId}, round ${round}`);
    }
  }
  const available = [0, 4, 5, 9, 200, 4999];
  const ids = available.map((p) => splitClients[p]).join(',');
  const picked = new Rng(deriveSeed(42, 'sample', 'split', ids, 3)).sample(available.length, 2).map((i) => available[i]);
  assert.deepEqual(sampleClients(params, splitClients, 42, 'split', 3, available).positions, picked);
});

test('a seed derived in two steps equals the seed derived at once', () => {
  const parts: (string | number)[] = ['sample', 'split', '1,2,3', 4, '', 0, 'ü'];
  for (let cut = 0; cut <= parts.length; cut++) {
    assert.equal(seedPrefix(99, ...parts.slice(0, cut)).derive(...parts.slice(cut)), deriveSeed(99, ...parts), `cut after ${cut}`);
  }
  assert.notEqual(seedPrefix(99, 'ab').derive('c'), seedPrefix(99, 'a').derive('bc'), 'parts stay separate');
});

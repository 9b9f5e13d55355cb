import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { naturalSplit } from '../../../engine/split/natural.js';
import { packPartition } from '../../../engine/split/packPartition.js';
import { Rng } from '../../../engine/random/rng.js';
import { asLists, assertEveryRowOnce, assertPartitionCoversRows, balancedLabels, holdoutShards } from './fixtures.js';

describe('naturalSplit', () => {
  it('groups rows by their client id, in their original order', () => {
    const ids = Int32Array.from([2, 0, 1, 0, 2, 2]);
    assert.deepEqual(asLists(naturalSplit(ids, 3)), [[1, 3], [2], [0, 4, 5]]);
  });

  it('gives every example to exactly one client', () => {
    const ids = Int32Array.from({ length: 1000 }, (_, i) => (i * 7919) % 13);
    assertEveryRowOnce(naturalSplit(ids, 13), 1000);
  });

  it('keeps a client that has no rows as an empty shard, so ids still match client names', () => {
    assert.deepEqual(asLists(naturalSplit(Int32Array.from([0, 2]), 3)), [[0], [], [1]]);
  });

  it('repeats exactly and picks hold-outs by seed', () => {
    const ids = Int32Array.from({ length: 1000 }, (_, i) => i % 4);
    assert.deepEqual(asLists(naturalSplit(ids, 4)), asLists(naturalSplit(ids, 4)));
    const pack = (seed: number) => packPartition(naturalSplit(ids, 4), balancedLabels(), 10, 0.2, new Rng(seed));
    assertPartitionCoversRows(pack(1), 1000);
    assert.deepEqual(asLists(holdoutShards(pack(1))), asLists(holdoutShards(pack(1))));
    assert.notDeepEqual(asLists(holdoutShards(pack(1))), asLists(holdoutShards(pack(2))));
  });

  it('rejects a client id outside the client list', () => {
    assert.throws(() => naturalSplit(Int32Array.from([0, 3]), 3), RangeError);
  });
});

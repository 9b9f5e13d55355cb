import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countLabels, distinctLabelsPerClient } from '../../../engine/split/labelStats.js';
import { SplitError } from '../../../engine/split/partition.js';
import { pathologicalSplit, sortByLabel } from '../../../engine/split/pathological.js';
import { asLists, assertEveryRowOnce, balancedLabels, sizes, splitInput } from './fixtures.js';

const labels = balancedLabels();

describe('pathologicalSplit', () => {
  it('gives every example to exactly one client, leftovers included', () => {
    // 1,000 rows in 7 × 3 = 21 shards: 47 each with 13 left over, which must not be dropped.
    assertEveryRowOnce(pathologicalSplit(splitInput(1, 7), { classesPerClient: 3 }), 1000);
    assertEveryRowOnce(pathologicalSplit(splitInput(1, 10), { classesPerClient: 2 }), 1000);
  });

  it('gives each client classesPerClient shards of near-equal size', () => {
    assert.deepEqual(sizes(pathologicalSplit(splitInput(1, 10), { classesPerClient: 2 })), new Array(10).fill(100));
    // 21 shards: the last 13 have 48 rows, the first 8 have 47; a client's size is the sum of its 3.
    for (const size of sizes(pathologicalSplit(splitInput(2, 7), { classesPerClient: 3 }))) assert.ok(size >= 141 && size <= 144, `${size}`);
  });

  it('repeats exactly with the same seed and differs with another', () => {
    const split = (seed: number) => asLists(pathologicalSplit(splitInput(seed), { classesPerClient: 2 }));
    assert.deepEqual(split(5), split(5));
    assert.notDeepEqual(split(5), split(6));
  });

  it('shows each client at most 2 labels with 2 classes per client when shards line up with classes', () => {
    // 10 clients × 2 = 20 shards of 50 rows: each shard holds one class.
    for (let seed = 0; seed < 20; seed++) {
      const distinct = distinctLabelsPerClient(countLabels(pathologicalSplit(splitInput(seed), { classesPerClient: 2 }), labels, 10));
      assert.ok(Math.max(...distinct) <= 2, `seed ${seed}: ${distinct.join(',')}`);
    }
  });

  it('shows at most 2 labels per shard, so 2·classesPerClient per client, when shards straddle class boundaries', () => {
    // 7 clients × 2 = 14 shards of ~71 rows: a shard can start in one class and end in the next.
    let sawMoreThanTwo = false;
    for (let seed = 0; seed < 20; seed++) {
      const distinct = distinctLabelsPerClient(countLabels(pathologicalSplit(splitInput(seed, 7), { classesPerClient: 2 }), labels, 10));
      assert.ok(Math.max(...distinct) <= 4, `seed ${seed}: ${distinct.join(',')}`);
      sawMoreThanTwo ||= Math.max(...distinct) > 2;
    }
    assert.ok(sawMoreThanTwo, 'expected some client to see 3 or 4 labels at a shard boundary');
  });

  it('sorts by label stably, ties in row order', () => {
    assert.deepEqual(Array.from(sortByLabel(Int32Array.from([2, 0, 1, 0, 2, 1]), 3)), [1, 3, 2, 5, 0, 4]);
  });

  it('explains when there are more shards than examples', () => {
    assert.throws(
      () => pathologicalSplit(splitInput(1, 10, balancedLabels(15)), { classesPerClient: 2 }),
      (e: unknown) => e instanceof SplitError && e.field === 'classesPerClient' && e.message.includes('10 × 2 = 20 shards'),
    );
  });
});

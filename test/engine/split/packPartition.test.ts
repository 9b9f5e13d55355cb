import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { iidSplit } from '../../../engine/split/iid.js';
import { countLabels } from '../../../engine/split/labelStats.js';
import { packPartition } from '../../../engine/split/packPartition.js';
import { SplitError } from '../../../engine/split/partition.js';
import { Rng } from '../../../engine/random/rng.js';
import { assertPartitionCoversRows, balancedLabels, holdoutShards, splitInput, trainShards } from './fixtures.js';

const labels = balancedLabels();
const shards = () => iidSplit(splitInput(1, 7));

describe('packPartition', () => {
  it('keeps floor(holdoutFraction · n) of each client\'s examples as its hold-out', () => {
    const p = packPartition(shards(), labels, 10, 0.25, new Rng(1));
    // Sizes are 143 × 6 and 142: floor(0.25 · 143) = 35, floor(0.25 · 142) = 35.
    assert.deepEqual(
      holdoutShards(p).map((h) => h.length),
      new Array(7).fill(35),
    );
    assert.deepEqual(
      trainShards(p).map((t) => t.length),
      [108, 108, 108, 108, 108, 108, 107],
    );
    assertPartitionCoversRows(p, 1000);
  });

  it('keeps no hold-out when holdoutFraction is 0', () => {
    const p = packPartition(shards(), labels, 10, 0, new Rng(1));
    assert.equal(p.holdoutIndices.length, 0);
    assert.deepEqual(Array.from(p.holdoutOffsets), new Array(8).fill(0));
    assert.deepEqual(trainShards(p), shards());
  });

  it('always leaves a client at least one training example', () => {
    const tiny = [Int32Array.from([0]), Int32Array.from([1, 2]), Int32Array.from([3, 4, 5, 6, 7, 8, 9, 10, 11, 12])];
    const p = packPartition(tiny, labels, 10, 0.9, new Rng(1));
    assert.deepEqual(
      trainShards(p).map((t) => t.length),
      [1, 1, 1],
    );
    assert.deepEqual(
      holdoutShards(p).map((h) => h.length),
      [0, 1, 9],
    );
    assertPartitionCoversRows(p, 13);
  });

  it('puts the indices and offsets in shared memory for the workers', () => {
    const p = packPartition(shards(), labels, 10, 0.1, new Rng(1));
    for (const array of [p.trainIndices, p.trainOffsets, p.holdoutIndices, p.holdoutOffsets]) {
      assert.ok(array.buffer instanceof SharedArrayBuffer);
    }
    assert.equal(p.numClients, 7);
    assert.equal(p.trainOffsets[7], p.trainIndices.length);
    assert.equal(p.holdoutOffsets[7], p.holdoutIndices.length);
  });

  it('counts labels over training examples only', () => {
    const p = packPartition(shards(), labels, 10, 0.3, new Rng(2));
    assert.deepEqual(p.labelCounts, countLabels(trainShards(p), labels, 10));
    const total = p.labelCounts.flat().reduce((a, b) => a + b, 0);
    assert.equal(total, p.trainIndices.length);
  });

  it('picks the same hold-out with the same seed and another with a different seed', () => {
    const holdout = (seed: number) => Array.from(packPartition(shards(), labels, 10, 0.2, new Rng(seed)).holdoutIndices);
    assert.deepEqual(holdout(3), holdout(3));
    assert.notDeepEqual(holdout(3), holdout(4));
  });

  it('explains a hold-out fraction that leaves nothing to train on', () => {
    assert.throws(
      () => packPartition(shards(), labels, 10, 1, new Rng(1)),
      (e: unknown) => e instanceof SplitError && e.field === 'holdoutFraction',
    );
  });
});

/** Shared synthetic data and checks for the split tests (no tests of its own). */
import assert from 'node:assert/strict';
import type { Partition, Shards, SplitInput } from '../../../engine/split/partition.js';
import { Rng } from '../../../engine/random/rng.js';

export const ROWS = 1000;
export const CLASSES = 10;

/** 1,000 rows, 10 classes, 100 of each, interleaved (row i has label i % 10). */
export function balancedLabels(rows = ROWS, classes = CLASSES): Int32Array {
  return Int32Array.from({ length: rows }, (_, i) => i % classes);
}

/** A splitter input over the balanced labels with a fresh Rng of the given seed. */
export function splitInput(seed: number, numClients = 10, labels = balancedLabels()): SplitInput {
  return { labels, numClasses: CLASSES, numClients, rng: new Rng(seed) };
}

/** Asserts that the shards hold every row of [0, numRows) exactly once. */
export function assertEveryRowOnce(shards: Shards, numRows: number): void {
  const seen = new Uint8Array(numRows);
  for (const shard of shards) {
    for (const row of shard) {
      assert.ok(row >= 0 && row < numRows, `row ${row} is out of range`);
      assert.equal(seen[row], 0, `row ${row} is assigned twice`);
      seen[row] = 1;
    }
  }
  assert.equal(
    seen.reduce((a, b) => a + b, 0),
    numRows,
    'some rows were lost',
  );
}

/** Each client's training rows, unpacked from a Partition. */
export function trainShards(p: Partition): Int32Array[] {
  return Array.from({ length: p.numClients }, (_, c) => p.trainIndices.slice(p.trainOffsets[c], p.trainOffsets[c + 1]));
}

/** Each client's hold-out rows, unpacked from a Partition. */
export function holdoutShards(p: Partition): Int32Array[] {
  return Array.from({ length: p.numClients }, (_, c) => p.holdoutIndices.slice(p.holdoutOffsets[c], p.holdoutOffsets[c + 1]));
}

/** Asserts that train and hold-out together hold every row exactly once. */
export function assertPartitionCoversRows(p: Partition, numRows: number): void {
  assertEveryRowOnce([...trainShards(p), ...holdoutShards(p)], numRows);
}

/** Plain arrays, so that deepEqual compares contents and a failure prints readably. */
export function asLists(shards: Shards): number[][] {
  return shards.map((s) => Array.from(s));
}

/** Shard sizes. */
export function sizes(shards: Shards): number[] {
  return shards.map((s) => s.length);
}

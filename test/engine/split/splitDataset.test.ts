import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dataset } from '../../../engine/data/dataset.js';
import { splitParams } from '../../../engine/format/params.js';
import { SplitError } from '../../../engine/split/partition.js';
import { splitDataset } from '../../../engine/split/splitDataset.js';
import { Rng } from '../../../engine/random/rng.js';
import { assertPartitionCoversRows, balancedLabels, holdoutShards, trainShards } from './fixtures.js';

function dataset(clientIds?: Int32Array, clientNames?: string[]): Dataset {
  const y = balancedLabels();
  return {
    name: 'Synthetic test set',
    featureShape: [1],
    numFeatures: 1,
    numClasses: 10,
    classNames: Array.from({ length: 10 }, (_, k) => String(k)),
    train: { x: new Float32Array(y.length), y, ...(clientIds ? { clientIds } : {}) },
    test: { x: new Float32Array(0), y: new Int32Array(0) },
    ...(clientNames ? { clientNames } : {}),
  };
}

const ids = Int32Array.from({ length: 1000 }, (_, i) => i % 5);

describe('splitDataset', () => {
  for (const method of ['iid', 'dirichlet', 'pathological', 'quantity', 'natural'] as const) {
    it(`${method}: with the default params, covers every training example once and repeats with the same seed`, () => {
      const params = splitParams.parse({ method, holdoutFraction: 0.2 });
      const run = (seed: number) => splitDataset(params, dataset(ids, ['a', 'b', 'c', 'd', 'e']), new Rng(seed));
      const p = run(1);
      assert.equal(p.numClients, method === 'natural' ? 5 : 10);
      assertPartitionCoversRows(p, 1000);
      assert.ok(holdoutShards(p).some((h) => h.length > 0));
      assert.deepEqual(p, run(1));
      assert.notDeepEqual(trainShards(p), trainShards(run(2)));
    });
  }

  it('natural: counts clients from the ids when the data set names none', () => {
    const p = splitDataset(splitParams.parse({ method: 'natural' }), dataset(ids), new Rng(1));
    assert.equal(p.numClients, 5);
  });

  it('natural: explains that the data set has no client column', () => {
    assert.throws(
      () => splitDataset(splitParams.parse({ method: 'natural' }), dataset(), new Rng(1)),
      (e: unknown) => e instanceof SplitError && e.field === 'method' && e.message.includes('has no client column'),
    );
  });

  it('passes a splitter\'s error through with its field', () => {
    assert.throws(
      () => splitDataset(splitParams.parse({ method: 'iid', numClients: 5000 }), dataset(), new Rng(1)),
      (e: unknown) => e instanceof SplitError && e.field === 'numClients',
    );
  });
});

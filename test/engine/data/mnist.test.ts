import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DataTable } from '../../../engine/data/dataset.js';
import { DatasetError } from '../../../engine/data/datasetError.js';
import { loadMnist } from '../../../engine/data/mnist.js';
import { mnistDatasetParams } from '../../../engine/format/params.js';

/** How many digits of each class the `mnist` package ships. */
const PACKAGE_CLASS_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

function classCounts(table: DataTable): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const y of table.y) counts[y]++;
  return counts;
}

test('MNIST gives 8,000 training and 2,000 test digits with every class present', () => {
  const data = loadMnist(mnistDatasetParams.parse({ source: 'mnist' }), 1);
  assert.equal(data.train.y.length, 8000);
  assert.equal(data.test.y.length, 2000);
  assert.equal(data.train.x.length, 8000 * 784);
  assert.equal(data.test.x.length, 2000 * 784);
  assert.deepEqual(data.featureShape, [28, 28, 1]);
  assert.equal(data.numFeatures, 784);
  assert.equal(data.numClasses, 10);
  assert.deepEqual(data.classNames, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  assert.equal(data.name, 'MNIST (8000 train / 2000 test)');
  // A shuffled sample: every class is there, none dominates (the package holds 8.6–11.3% of each).
  for (const table of [data.train, data.test]) {
    for (const count of classCounts(table)) assert.ok(count > 0.07 * table.y.length && count < 0.13 * table.y.length);
  }
  let min = Infinity;
  let max = -Infinity;
  for (const v of data.train.x) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  assert.equal(min, 0);
  assert.ok(max > 0.99 && max <= 1);
});

test('MNIST arrays are in shared memory', () => {
  const data = loadMnist(mnistDatasetParams.parse({ source: 'mnist', trainSize: 10, testSize: 10 }), 1);
  for (const table of [data.train, data.test]) {
    assert.ok(table.x.buffer instanceof SharedArrayBuffer);
    assert.ok(table.y.buffer instanceof SharedArrayBuffer);
  }
});

test('the same seed gives the same digits, another seed other digits', () => {
  const params = mnistDatasetParams.parse({ source: 'mnist', trainSize: 500, testSize: 100 });
  const a = loadMnist(params, 7);
  const b = loadMnist(params, 7);
  const c = loadMnist(params, 8);
  assert.deepEqual(a.train.y, b.train.y);
  assert.deepEqual(a.train.x, b.train.x);
  assert.deepEqual(a.test.x, b.test.x);
  assert.notDeepEqual(a.train.y, c.train.y);
});

test('all 10,000 digits split into train and test keep the package class counts', () => {
  const data = loadMnist(mnistDatasetParams.parse({ source: 'mnist', trainSize: 6000, testSize: 4000 }), 3);
  const train = classCounts(data.train);
  const test = classCounts(data.test);
  assert.deepEqual(
    train.map((n, c) => n + test[c]),
    PACKAGE_CLASS_COUNTS,
  );
});

test('asking for more than the 10,000 MNIST digits is an error on testSize', () => {
  assert.throws(
    () => loadMnist(mnistDatasetParams.parse({ source: 'mnist', trainSize: 9000, testSize: 2000 }), 1),
    (error: unknown) => error instanceof DatasetError && error.field === 'testSize' && /10000/.test(error.message),
  );
});

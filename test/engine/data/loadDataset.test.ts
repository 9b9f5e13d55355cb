import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Dataset } from '../../../engine/data/dataset.js';
import { DatasetError } from '../../../engine/data/datasetError.js';
import { loadDataset } from '../../../engine/data/loadDataset.js';
import { datasetParams } from '../../../engine/format/params.js';

function assertShared(data: Dataset): void {
  for (const table of [data.train, data.test]) {
    assert.ok(table.x.buffer instanceof SharedArrayBuffer);
    assert.ok(table.y.buffer instanceof SharedArrayBuffer);
    if (table.clientIds) assert.ok(table.clientIds.buffer instanceof SharedArrayBuffer);
  }
}

test('loadDataset loads every source into shared memory, relative paths from the pipeline folder', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fedflow-load-'));
  try {
    writeFileSync(join(dir, 'tiny.csv'), 'a,b,label\n1,2,x\n3,4,y\n5,6,x\n');
    const csv = await loadDataset(datasetParams.parse({ source: 'csv', path: 'tiny.csv', labelColumn: 'label' }), {
      baseDir: dir,
      seed: 1,
    });
    assert.equal(csv.train.y.length + csv.test.y.length, 3);
    assertShared(csv);

    const synthetic = await loadDataset(datasetParams.parse({ source: 'synthetic', devices: 3 }), {
      baseDir: dir,
      seed: 1,
    });
    assert.equal(synthetic.clientNames?.length, 3);
    assertShared(synthetic);

    const mnist = await loadDataset(datasetParams.parse({ source: 'mnist', trainSize: 100, testSize: 50 }), {
      baseDir: dir,
      seed: 1,
    });
    assert.equal(mnist.train.y.length, 100);
    assertShared(mnist);

    // One 1×1 image of a white pixel (magic 0x00000803, sizes 1, 1, 1) labelled 3 (magic 0x00000801, size 1).
    writeFileSync(join(dir, 'images'), Buffer.from([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 255]));
    writeFileSync(join(dir, 'labels'), Buffer.from([0, 0, 8, 1, 0, 0, 0, 1, 3]));
    const idx = await loadDataset(
      datasetParams.parse({
        source: 'idx',
        trainImages: 'images',
        trainLabels: 'labels',
        testImages: 'images',
        testLabels: 'labels',
      }),
      { baseDir: dir, seed: 1 },
    );
    assert.deepEqual([...idx.train.x], [1]);
    assert.equal(idx.numClasses, 4);
    assertShared(idx);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('loadDataset rejects with a DatasetError the runner can point at a field', async () => {
  await assert.rejects(
    loadDataset(datasetParams.parse({ source: 'csv', path: 'missing.csv', labelColumn: 'y' }), {
      baseDir: tmpdir(),
      seed: 0,
    }),
    (error: unknown) => error instanceof DatasetError && error.field === 'path',
  );
});

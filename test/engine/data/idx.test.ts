import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DatasetError } from '../../../engine/data/datasetError.js';
import { loadIdx } from '../../../engine/data/idx.js';
import type { IdxDatasetParams } from '../../../engine/format/params.js';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedflow-idx-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** An IDX file of unsigned bytes: magic 0x0000080<rank>, one big-endian size per dimension, the data. */
function idx(dims: number[], data: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(0x00000800 | dims.length, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data)]);
}

/** Writes the four files (gzipped where `gz`) and returns params naming them. */
function writeSet(
  prefix: string,
  files: Record<keyof Omit<IdxDatasetParams, 'source'>, Buffer>,
  gz = false,
): IdxDatasetParams {
  const params: IdxDatasetParams = { source: 'idx', trainImages: '', trainLabels: '', testImages: '', testLabels: '' };
  for (const [field, bytes] of Object.entries(files) as [keyof typeof files, Buffer][]) {
    const name = `${prefix}-${field}${gz ? '.gz' : ''}`;
    writeFileSync(join(dir, name), gz ? gzipSync(bytes) : bytes);
    params[field] = name;
  }
  return params;
}

// Three 2×3 training images with labels 0, 2, 1 and one test image with label 4.
const trainPixels = [0, 255, 51, 102, 153, 204, 1, 2, 3, 4, 5, 6, 255, 255, 255, 0, 0, 0];
const good = () => ({
  trainImages: idx([3, 2, 3], trainPixels),
  trainLabels: idx([3], [0, 2, 1]),
  testImages: idx([1, 2, 3], [10, 20, 30, 40, 50, 60]),
  testLabels: idx([1], [4]),
});

async function assertDatasetError(run: () => Promise<unknown>, field: string, message: RegExp): Promise<void> {
  await assert.rejects(run, (error: unknown) => {
    assert.ok(error instanceof DatasetError, `expected a DatasetError, got ${String(error)}`);
    assert.equal(error.field, field);
    assert.match(error.message, message);
    return true;
  });
}

test('IDX files round-trip (write a tiny IDX, gz and plain)', async () => {
  for (const gz of [false, true]) {
    const data = await loadIdx(writeSet(gz ? 'gz' : 'plain', good(), gz), dir);
    assert.deepEqual(data.featureShape, [2, 3, 1]);
    assert.equal(data.numFeatures, 6);
    assert.equal(data.numClasses, 5);
    assert.deepEqual(data.classNames, ['0', '1', '2', '3', '4']);
    assert.deepEqual([...data.train.y], [0, 2, 1]);
    assert.deepEqual([...data.test.y], [4]);
    assert.deepEqual([...data.train.x], trainPixels.map((p) => Math.fround(p / 255)));
    assert.deepEqual([...data.test.x], [10, 20, 30, 40, 50, 60].map((p) => Math.fround(p / 255)));
    assert.equal(data.name, 'IDX 2×3 images (3 train / 1 test)');
    for (const table of [data.train, data.test]) {
      assert.ok(table.x.buffer instanceof SharedArrayBuffer);
      assert.ok(table.y.buffer instanceof SharedArrayBuffer);
    }
  }
});

test('an IDX file with the wrong magic number names the file and field', async () => {
  const files = good();
  files.testImages.writeUInt32BE(0x12345678, 0);
  const params = writeSet('magic', files);
  await assertDatasetError(
    () => loadIdx(params, dir),
    'testImages',
    /^magic-testImages: starts with 0x12345678, not the IDX images magic number 0x00000803/,
  );
});

test('swapped images and labels paths are named as such', async () => {
  const files = good();
  const params = writeSet('swapped', { ...files, trainImages: files.trainLabels, trainLabels: files.trainImages });
  await assertDatasetError(
    () => loadIdx(params, dir),
    'trainImages',
    /looks like an IDX labels file, so the paths may be swapped/,
  );
});

test('a truncated IDX file says how much is missing', async () => {
  const files = good();
  const cut = files.trainImages.subarray(0, files.trainImages.length - 4);
  const params = writeSet('cut', { ...files, trainImages: cut }, true);
  await assertDatasetError(
    () => loadIdx(params, dir),
    'trainImages',
    /cut-trainImages\.gz: is truncated: its header promises 3×2×3 = 18 bytes of images but only 14 follow/,
  );
  const header = writeSet('cut-header', { ...files, testLabels: files.testLabels.subarray(0, 6) });
  await assertDatasetError(() => loadIdx(header, dir), 'testLabels', /truncated inside its header/);
});

test('images and labels of different counts are refused', async () => {
  const params = writeSet('count', { ...good(), trainLabels: idx([2], [0, 1]) });
  await assertDatasetError(
    () => loadIdx(params, dir),
    'trainLabels',
    /holds 2 labels but count-trainImages \(trainImages\) holds 3 images/,
  );
});

test('test images of another size than the training images are refused', async () => {
  const params = writeSet('shape', { ...good(), testImages: idx([1, 3, 2], [1, 2, 3, 4, 5, 6]) });
  await assertDatasetError(() => loadIdx(params, dir), 'testImages', /holds 3×2 images but shape-trainImages holds 2×3/);
});

test('a missing IDX file names the resolved path, and broken gzip is reported', async () => {
  const params = writeSet('missing', good());
  await assertDatasetError(
    () => loadIdx({ ...params, testLabels: 'absent.gz' }, dir),
    'testLabels',
    new RegExp(`no IDX file at ${join(dir, 'absent.gz')}`),
  );
  writeFileSync(join(dir, 'broken.gz'), Buffer.from([0x1f, 0x8b, 1, 2, 3]));
  await assertDatasetError(
    () => loadIdx({ ...params, trainLabels: 'broken.gz' }, dir),
    'trainLabels',
    /broken\.gz: is not a valid gzip file/,
  );
});

/**
 * Image data sets in the IDX format of LeCun's MNIST files (also used by Fashion-MNIST, KMNIST, EMNIST):
 * a big-endian header (magic 0x00000801 for a label vector, 0x00000803 for a stack of images, then one
 * 32-bit size per dimension) followed by unsigned bytes. Gzipped files are read as they come.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { IdxDatasetParams } from '../format/params.js';
import type { Dataset, DataTable } from './dataset.js';
import { DatasetError } from './datasetError.js';
import { sharedFloat32, sharedInt32 } from './sharedArrays.js';

type IdxField = 'trainImages' | 'trainLabels' | 'testImages' | 'testLabels';

/** The magic number of an unsigned-byte IDX file with `dims` dimensions. */
const magicOf = (dims: number): number => 0x00000800 | dims;
const LABELS_MAGIC = magicOf(1);
const IMAGES_MAGIC = magicOf(3);
const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/** An IDX array: its dimensions and its bytes, row-major. */
interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/** Reads one IDX file (gzipped or not) and checks it holds a `1`- (labels) or `3`- (images) dimensional array. */
function readIdx(params: IdxDatasetParams, field: IdxField, baseDir: string, rank: 1 | 3): IdxArray {
  const file = params[field];
  const path = resolve(baseDir, file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const detail = code === 'ENOENT' ? `no IDX file at ${path}` : `cannot read ${path}: ${(error as Error).message}`;
    throw new DatasetError(detail, { field, cause: error });
  }
  // Detect gzip by its magic bytes rather than the name: an IDX file always starts with a zero byte.
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new DatasetError(`is not a valid gzip file (${(error as Error).message})`, { field, file, cause: error });
    }
  }
  const what = rank === 1 ? 'labels' : 'images';
  const expected = magicOf(rank);
  if (bytes.length < 4) throw new DatasetError(`is too short to be an IDX ${what} file`, { field, file });
  const magic = bytes.readUInt32BE(0);
  if (magic !== expected) {
    const swapped =
      magic === (rank === 1 ? IMAGES_MAGIC : LABELS_MAGIC)
        ? `; it looks like an IDX ${rank === 1 ? 'images' : 'labels'} file, so the paths may be swapped`
        : '';
    throw new DatasetError(`starts with ${hex(magic)}, not the IDX ${what} magic number ${hex(expected)}${swapped}`, {
      field,
      file,
    });
  }
  const headerSize = 4 + 4 * rank;
  if (bytes.length < headerSize) throw new DatasetError('is truncated inside its header', { field, file });
  const dims = Array.from({ length: rank }, (_, d) => bytes.readUInt32BE(4 + 4 * d));
  const size = dims.reduce((p, d) => p * d, 1);
  const available = bytes.length - headerSize;
  if (available < size) {
    throw new DatasetError(
      `is truncated: its header promises ${dims.join('×')} = ${size} bytes of ${what} but only ${available} follow`,
      { field, file },
    );
  }
  if (available > size) {
    // Extra bytes mean the header and the data disagree; trusting either could silently misalign every row.
    throw new DatasetError(
      `has ${available} bytes of ${what}, more than the ${dims.join('×')} = ${size} its header declares`,
      { field, file },
    );
  }
  return { dims, data: bytes.subarray(headerSize) };
}

/** Reads one side (train or test) and checks its images and labels agree in number. */
function readSide(
  params: IdxDatasetParams,
  baseDir: string,
  imagesField: IdxField,
  labelsField: IdxField,
): { images: IdxArray; labels: IdxArray } {
  const images = readIdx(params, imagesField, baseDir, 3);
  const labels = readIdx(params, labelsField, baseDir, 1);
  if (images.dims[0] !== labels.dims[0]) {
    throw new DatasetError(
      `holds ${labels.dims[0]} labels but ${params[imagesField]} (${imagesField}) holds ${images.dims[0]} images`,
      { field: labelsField, file: params[labelsField] },
    );
  }
  return { images, labels };
}

/** Scales pixel bytes to [0, 1] and copies labels, into shared memory. */
function toTable(images: IdxArray, labels: IdxArray): DataTable {
  const x = sharedFloat32(images.data.length);
  for (let i = 0; i < x.length; i++) x[i] = images.data[i] / 255;
  const y = sharedInt32(labels.data.length);
  y.set(labels.data);
  return { x, y };
}

/** Loads an image data set from four IDX files (train/test images and labels), paths relative to `baseDir`. */
export function loadIdx(params: IdxDatasetParams, baseDir: string): Dataset {
  const train = readSide(params, baseDir, 'trainImages', 'trainLabels');
  const test = readSide(params, baseDir, 'testImages', 'testLabels');
  const [, rows, cols] = train.images.dims;
  if (test.images.dims[1] !== rows || test.images.dims[2] !== cols) {
    throw new DatasetError(
      `holds ${test.images.dims[1]}×${test.images.dims[2]} images but ${params.trainImages} holds ${rows}×${cols}`,
      { field: 'testImages', file: params.testImages },
    );
  }
  let maxLabel = 0;
  for (const labels of [train.labels, test.labels]) for (const label of labels.data) maxLabel = Math.max(maxLabel, label);
  const numClasses = maxLabel + 1;
  const trainCount = train.labels.dims[0];
  const testCount = test.labels.dims[0];
  return {
    name: `IDX ${rows}×${cols} images (${trainCount} train / ${testCount} test)`,
    featureShape: [rows, cols, 1],
    numFeatures: rows * cols,
    numClasses,
    classNames: Array.from({ length: numClasses }, (_, c) => String(c)),
    train: toTable(train.images, train.labels),
    test: toTable(test.images, test.labels),
  };
}

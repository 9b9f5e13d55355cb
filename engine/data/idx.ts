/**
 * Image data sets in the IDX format of LeCun's MNIST files (also used by Fashion-MNIST, KMNIST, EMNIST):
 * a big-endian header (magic 0x00000801 for a label vector, 0x00000803 for a stack of images, then one
 * 32-bit size per dimension) followed by unsigned bytes. Gzipped files are read as they come.
 *
 * The header says how many bytes follow, so nothing is read (or inflated) beyond that: a plain file must
 * be exactly that long, and a gzipped one is inflated as a stream that stops as soon as it passes it.
 */
import { resolve } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { IdxDatasetParams } from '../format/params.js';
import type { Dataset, DataTable } from './dataset.js';
import { closeDataFile, formatBytes, openDataFile, readAt, readWhole } from './dataFile.js';
import { DatasetError } from './datasetError.js';
import { sharedFloat32, sharedInt32 } from './sharedArrays.js';

type IdxField = 'trainImages' | 'trainLabels' | 'testImages' | 'testLabels';

/**
 * The most data one IDX file may declare: 1 GiB, which holds EMNIST ByClass (the largest of the family,
 * 0.55 GB) and becomes 4 GiB of float32 pixels once loaded. A gzipped file may be at most this large too.
 */
export const MAX_IDX_BYTES = 2 ** 30;

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

/** What an IDX header declares: its dimensions and the bytes of data that follow it. */
interface IdxHeader {
  dims: number[];
  /** Bytes of data after the header. */
  size: number;
  /** Bytes of the header itself. */
  headerSize: number;
}

/** Where an IDX file's problems are reported, and what it should hold. */
interface IdxWhere {
  field: IdxField;
  file: string;
  rank: 1 | 3;
}

const whatOf = (rank: 1 | 3) => (rank === 1 ? 'labels' : 'images');

/**
 * Checks the start of an IDX file: its magic number (as soon as 4 bytes are there, so a file of zeros is
 * refused at once) and, when `bytes` holds the whole header, the declared size. Returns the header, or
 * undefined while more bytes are needed and `more` says they may still come.
 */
function readHeader(bytes: Buffer, where: IdxWhere, more: boolean): IdxHeader | undefined {
  const { field, file, rank } = where;
  const what = whatOf(rank);
  if (bytes.length < 4) {
    if (more) return undefined;
    throw new DatasetError(`is too short to be an IDX ${what} file`, { field, file });
  }
  const expected = magicOf(rank);
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
  if (bytes.length < headerSize) {
    if (more) return undefined;
    throw new DatasetError('is truncated inside its header', { field, file });
  }
  const dims = Array.from({ length: rank }, (_, d) => bytes.readUInt32BE(4 + 4 * d));
  const size = dims.reduce((p, d) => p * d, 1);
  if (size > MAX_IDX_BYTES) {
    throw new DatasetError(
      `its header declares ${dims.join('×')} = ${size} bytes of ${what} (${formatBytes(size)}), more than the ${formatBytes(MAX_IDX_BYTES)} an IDX file may hold`,
      { field, file },
    );
  }
  return { dims, size, headerSize };
}

/** Checks that `available` bytes of data are what the header declares. */
function checkLength(header: IdxHeader, available: number, where: IdxWhere): void {
  const { dims, size } = header;
  const what = whatOf(where.rank);
  if (available < size) {
    throw new DatasetError(
      `is truncated: its header promises ${dims.join('×')} = ${size} bytes of ${what} but only ${available} follow`,
      { field: where.field, file: where.file },
    );
  }
  if (available > size) {
    // Extra bytes mean the header and the data disagree; trusting either could silently misalign every row.
    throw new DatasetError(
      `has ${available} bytes of ${what}, more than the ${dims.join('×')} = ${size} its header declares`,
      { field: where.field, file: where.file },
    );
  }
}

/**
 * Inflates a gzipped IDX file as a stream, keeping no more than its header declares: a "gzip bomb" (a
 * small file that inflates to gigabytes) stops within a chunk of that size.
 */
async function gunzipIdx(compressed: Buffer, where: IdxWhere): Promise<IdxArray> {
  const { field, file } = where;
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  gunzip.end(compressed);
  let start: Buffer = Buffer.alloc(0);
  let header: IdxHeader | undefined;
  let out: Buffer | undefined;
  let filled = 0;
  try {
    for await (let chunk of gunzip as AsyncIterable<Buffer>) {
      if (!header) {
        start = Buffer.concat([start, chunk]);
        header = readHeader(start, where, true);
        if (!header) continue;
        out = Buffer.allocUnsafe(header.headerSize + header.size);
        chunk = start;
      }
      if (filled + chunk.length > out!.length) {
        throw new DatasetError(
          `inflates to more than the ${out!.length} bytes its header declares (${header.dims.join('×')} ${whatOf(where.rank)}); no more is read`,
          { field, file },
        );
      }
      chunk.copy(out!, filled);
      filled += chunk.length;
    }
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    throw new DatasetError(`is not a valid gzip file (${(error as Error).message})`, { field, file, cause: error });
  } finally {
    gunzip.destroy();
  }
  header ??= readHeader(start, where, false)!;
  checkLength(header, filled - header.headerSize, where);
  return { dims: header.dims, data: out!.subarray(header.headerSize) };
}

/** Reads one IDX file (gzipped or not) and checks it holds a `1`- (labels) or `3`- (images) dimensional array. */
async function readIdx(params: IdxDatasetParams, field: IdxField, baseDir: string, rank: 1 | 3): Promise<IdxArray> {
  const file = params[field];
  const where: IdxWhere = { field, file, rank };
  const handle = openDataFile(resolve(baseDir, file), { field, file }, 'IDX file');
  try {
    const start = readAt(handle, 0, 4 + 4 * rank);
    // Detect gzip by its magic bytes rather than the name: an IDX file always starts with a zero byte.
    if (start.length >= 2 && start[0] === 0x1f && start[1] === 0x8b) {
      const compressed = readWhole(handle, { field, file }, { bytes: MAX_IDX_BYTES, what: 'a gzipped IDX file' });
      return await gunzipIdx(compressed, where);
    }
    const header = readHeader(start, where, false)!;
    // The file's size, checked before a byte of data is read.
    checkLength(header, handle.size - header.headerSize, where);
    const data = readAt(handle, header.headerSize, header.size);
    checkLength(header, data.length, where);
    return { dims: header.dims, data };
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    throw new DatasetError(`cannot read ${file}: ${(error as Error).message}`, { field, file, cause: error });
  } finally {
    closeDataFile(handle);
  }
}

/** Reads one side (train or test) and checks its images and labels agree in number. */
async function readSide(
  params: IdxDatasetParams,
  baseDir: string,
  imagesField: IdxField,
  labelsField: IdxField,
): Promise<{ images: IdxArray; labels: IdxArray }> {
  const images = await readIdx(params, imagesField, baseDir, 3);
  const labels = await readIdx(params, labelsField, baseDir, 1);
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
export async function loadIdx(params: IdxDatasetParams, baseDir: string): Promise<Dataset> {
  const train = await readSide(params, baseDir, 'trainImages', 'trainLabels');
  const test = await readSide(params, baseDir, 'testImages', 'testLabels');
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

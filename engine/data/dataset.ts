/**
 * A loaded data set. Features and labels live in SharedArrayBuffers so that the coordinator loads a data
 * set once and every worker reads the same memory; a client's shard is a list of row indices into it.
 */

/** Rows of features and labels. `x` is row-major: row i is `x[i*numFeatures .. (i+1)*numFeatures)`. */
export interface DataTable {
  x: Float32Array;
  /** Class index of each row, in [0, numClasses). */
  y: Int32Array;
  /** The natural client (silo, device) of each row, where the data set has one; indexes `clientNames`. */
  clientIds?: Int32Array;
}

export interface Dataset {
  /** A short human name, e.g. `MNIST (8000 train / 2000 test)`. */
  name: string;
  /** Shape of one example, e.g. `[28, 28, 1]` for images or `[30]` for a table. */
  featureShape: number[];
  /** Product of `featureShape`. */
  numFeatures: number;
  numClasses: number;
  /** Display name of each class, e.g. `['0', ..., '9']` or `['benign', 'malignant']`. */
  classNames: string[];
  train: DataTable;
  test: DataTable;
  /** Names of the natural clients, where `train.clientIds` is set. */
  clientNames?: string[];
  /** The feature columns' names, in feature order, where the file names its columns (CSV with a header). */
  featureNames?: string[];
  /** The per-feature scaling applied (CSV `standardize`): x' = (x − mean)·scale; remote clients scale theirs alike. */
  standardization?: Standardization;
  /** What loading changed that the user should hear of, e.g. rows left out for missing values. */
  notes?: DatasetNote[];
}

/** A per-feature affine rescaling, x' = (x − mean[j])·scale[j], in float64 so that it travels exactly as JSON. */
export interface Standardization {
  mean: number[];
  scale: number[];
}

/** Something loading did to the data that the user should know, on the params field behind it. */
export interface DatasetNote {
  /** The dataset params field the note concerns, e.g. `missing`. */
  field: string;
  /** A sentence, e.g. `hospitals.csv: left out 3 rows of 569 with missing values (4 missing cells).` */
  message: string;
}

/** Number of rows in a table. */
export function rowCount(table: DataTable): number {
  return table.y.length;
}

/** Copies a typed array into shared memory so that workers can read it without a copy of their own. */
export function toShared<T extends Float32Array | Int32Array>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const shared = new SharedArrayBuffer(array.byteLength);
  const copy = (array instanceof Float32Array ? new Float32Array(shared) : new Int32Array(shared)) as T;
  copy.set(array);
  return copy;
}

/** Moves every array of a data set into shared memory. */
export function shareDataset(dataset: Dataset): Dataset {
  const share = (t: DataTable): DataTable => ({
    x: toShared(t.x),
    y: toShared(t.y),
    ...(t.clientIds ? { clientIds: toShared(t.clientIds) } : {}),
  });
  return { ...dataset, train: share(dataset.train), test: share(dataset.test) };
}

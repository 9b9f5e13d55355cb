/**
 * A table from a CSV file: one label column, optionally one client column (the silo each row comes from,
 * for the `natural` split), and every other column a numeric feature.
 */
import { basename, resolve } from 'node:path';
import type { CsvDatasetParams } from '../format/params.js';
import { deriveSeed, Rng } from '../random/rng.js';
import type { Dataset, DataTable } from './dataset.js';
import { readDataFile } from './dataFile.js';
import { DatasetError } from './datasetError.js';
import { parseCsv } from './csvParser.js';
import { sharedFloat32, sharedInt32 } from './sharedArrays.js';

// A plain decimal number. Stricter than Number(), which would also take '', '0x1f' and 'Infinity': a cell
// like that is almost always a mistake in the file, and the user should hear about it.
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The largest CSV file read. The whole text is held in memory while it is parsed (and a JS string cannot
 * be longer than about 512 MiB anyway); 256 MiB is millions of rows, far beyond what a simulation trains on.
 */
export const MAX_CSV_BYTES = 256 * 2 ** 20;

/** Reads the file as text: a regular file of at most MAX_CSV_BYTES, else an error on the `path` field. */
function readText(path: string, file: string): string {
  const limit = { bytes: MAX_CSV_BYTES, what: 'a CSV data set' };
  return readDataFile(path, { field: 'path', file }, 'CSV file', limit).toString('utf8');
}

/** Classes in a stable order: numerically when every label is a number (so '10' follows '9'), else by text. */
function sortLabels(labels: Iterable<string>): string[] {
  const distinct = [...new Set(labels)];
  if (distinct.every((l) => NUMBER.test(l))) {
    return distinct.sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0));
  }
  return distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Rescales each feature in place to zero mean and unit variance using the training rows' statistics. */
function standardize(train: Float64Array, test: Float64Array, features: number): void {
  const rows = train.length / features;
  for (let j = 0; j < features; j++) {
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += train[r * features + j];
    const mean = sum / rows;
    let squares = 0;
    for (let r = 0; r < rows; r++) squares += (train[r * features + j] - mean) ** 2;
    const std = Math.sqrt(squares / rows);
    // A constant feature carries nothing the model could learn; zero keeps it from skewing test inputs.
    const scale = std > 0 ? 1 / std : 0;
    for (const table of [train, test]) {
      for (let r = j; r < table.length; r += features) table[r] = (table[r] - mean) * scale;
    }
  }
}

/** Loads a CSV data set; `path` is relative to `baseDir` (the pipeline file's folder). */
export function loadCsv(params: CsvDatasetParams, baseDir: string, seed: number): Dataset {
  const file = params.path;
  const records = parseCsv(readText(resolve(baseDir, file), file), file);
  if (records.length === 0) {
    throw new DatasetError('is empty; a CSV data set needs a header row naming its columns', { field: 'path', file });
  }
  const header = records[0].fields.map((name) => name.trim());
  const headerLine = records[0].line;
  const columnName = (c: number): string => header[c] || `column ${c + 1}`;
  const seen = new Set<string>();
  for (const name of header) {
    if (name !== '' && seen.has(name)) {
      throw new DatasetError(`the header names column '${name}' twice`, { field: 'path', file, line: headerLine });
    }
    seen.add(name);
  }
  const available = header.map((_, c) => `'${columnName(c)}'`).join(', ');
  const findColumn = (field: 'labelColumn' | 'clientColumn', name: string): number => {
    const index = header.indexOf(name.trim());
    if (index < 0) {
      throw new DatasetError(`has no column '${name}'; its columns are ${available}`, { field, file, line: headerLine });
    }
    return index;
  };
  const labelIndex = findColumn('labelColumn', params.labelColumn);
  const clientIndex = params.clientColumn === undefined ? -1 : findColumn('clientColumn', params.clientColumn);
  if (clientIndex === labelIndex) {
    throw new DatasetError(`column '${params.labelColumn}' cannot be both the label and the client column`, {
      field: 'clientColumn',
    });
  }
  const featureColumns = header.map((_, c) => c).filter((c) => c !== labelIndex && c !== clientIndex);
  if (featureColumns.length === 0) {
    throw new DatasetError('has no feature columns besides the label and client columns', {
      field: 'labelColumn',
      file,
      line: headerLine,
    });
  }

  const rows = records.slice(1);
  const n = rows.length;
  if (n === 0) throw new DatasetError('has a header but no data rows', { field: 'path', file });
  const features = featureColumns.length;
  const values = new Float64Array(n * features);
  const labels: string[] = new Array(n);
  const clients: string[] = new Array(n);
  for (let r = 0; r < n; r++) {
    const { fields, line } = rows[r];
    if (fields.length !== header.length) {
      throw new DatasetError(`has ${fields.length} fields but the header has ${header.length}`, {
        field: 'path',
        file,
        line,
      });
    }
    for (let f = 0; f < features; f++) {
      const c = featureColumns[f];
      const cell = fields[c].trim();
      if (!NUMBER.test(cell)) {
        const detail =
          cell === ''
            ? `column '${columnName(c)}' is empty; every feature needs a number`
            : `column '${columnName(c)}' is '${cell}', not a number`;
        throw new DatasetError(detail, { field: 'path', file, line });
      }
      values[r * features + f] = Number(cell);
    }
    labels[r] = fields[labelIndex].trim();
    if (labels[r] === '') {
      throw new DatasetError(`the label column '${params.labelColumn}' is empty`, { field: 'labelColumn', file, line });
    }
    if (clientIndex >= 0) {
      clients[r] = fields[clientIndex].trim();
      if (clients[r] === '') {
        throw new DatasetError(`the client column '${params.clientColumn}' is empty`, {
          field: 'clientColumn',
          file,
          line,
        });
      }
    }
  }

  const classNames = sortLabels(labels);
  const classOf = new Map(classNames.map((name, k) => [name, k]));
  const clientNames = clientIndex >= 0 ? [...new Set(clients)] : undefined;
  const clientOf = new Map((clientNames ?? []).map((name, k) => [name, k]));

  // A seeded shuffle decides which rows are held out; both sides then keep the file's order, which makes
  // them easy to compare with the file and changes nothing for training (splits shuffle again).
  const order = new Rng(deriveSeed(seed, 'csv')).shuffle(Array.from({ length: n }, (_, i) => i));
  const testCount = Math.floor(params.testFraction * n);
  const trainRows = order.slice(0, n - testCount).sort((a, b) => a - b);
  const testRows = order.slice(n - testCount).sort((a, b) => a - b);

  // Features stay in float64 until standardized, so the statistics are exact; the tables get float32.
  const gather = (picked: number[]): DataTable & { values: Float64Array } => {
    const rowValues = new Float64Array(picked.length * features);
    const y = sharedInt32(picked.length);
    const clientIds = clientNames ? sharedInt32(picked.length) : undefined;
    picked.forEach((r, i) => {
      rowValues.set(values.subarray(r * features, (r + 1) * features), i * features);
      y[i] = classOf.get(labels[r]) as number;
      if (clientIds) clientIds[i] = clientOf.get(clients[r]) as number;
    });
    return { values: rowValues, x: sharedFloat32(rowValues.length), y, ...(clientIds ? { clientIds } : {}) };
  };
  const { values: trainValues, ...train } = gather(trainRows);
  const { values: testValues, ...test } = gather(testRows);
  if (params.standardize) standardize(trainValues, testValues, features);
  train.x.set(trainValues);
  test.x.set(testValues);

  return {
    name: `${basename(file)} (${trainRows.length} train / ${testRows.length} test)`,
    featureShape: [features],
    numFeatures: features,
    numClasses: classNames.length,
    classNames,
    train,
    test,
    ...(clientNames ? { clientNames } : {}),
  };
}

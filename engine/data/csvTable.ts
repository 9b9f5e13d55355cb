/**
 * A table from a CSV file's text: one label column, optionally one client column (the silo each row comes
 * from, for the `natural` split), and every other column a numeric feature. The first line names the
 * columns, or is data, or is scikit-learn's counts (see csvLayout.ts); fields are separated by a comma,
 * `;` or a tab. Browser-safe (no file access): csv.ts reads files for it in Node, and the join page
 * reads a file the student picked with it, so both read a CSV the same way.
 */
import type { CsvDatasetParams } from '../format/params.js';
import { deriveSeed, Rng } from '../random/rng.js';
import type { Dataset, DatasetNote, DataTable, Standardization } from './dataset.js';
import { DatasetError } from './datasetError.js';
import { describeColumn, findColumn, NUMBER, readLayout, sklearnMessage, type CsvLayout } from './csvLayout.js';
import { imputeTrainingMeans, isMissing } from './csvMissing.js';
import { csvRecords, sniffDelimiter, type CsvDelimiter, type CsvRecord } from './csvParser.js';
import { sharedFloat32, sharedInt32 } from './sharedArrays.js';

/**
 * The largest CSV file read. The whole text is held in memory while it is parsed (and a JS string cannot
 * be longer than about 512 MiB anyway); 256 MiB is millions of rows, far beyond what a simulation trains on.
 */
export const MAX_CSV_BYTES = 256 * 2 ** 20;

// With `;` between fields, spreadsheets in much of Europe write decimals with a comma: `1,5`.
const DECIMAL_COMMA = /^[+-]?(?:\d+,\d*|,\d+)(?:[eE][+-]?\d+)?$/;

/** How the tables' arrays are made: in shared memory for workers (the default), or plain where there is none (a page). */
export interface TableArrays {
  float32(length: number): Float32Array;
  int32(length: number): Int32Array;
}

const SHARED: TableArrays = { float32: sharedFloat32, int32: sharedInt32 };

/** Classes in a stable order: numerically when every label is a number (so '10' follows '9'), else by text. */
function sortLabels(labels: Iterable<string>): string[] {
  const distinct = [...new Set(labels)];
  if (distinct.every((l) => NUMBER.test(l))) {
    return distinct.sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0));
  }
  return distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Rescales each feature in place to zero mean and unit variance, using the training rows' statistics or,
 * where given, a reference's (a remote client scales its rows as the federation's data set was scaled).
 */
function standardize(train: Float64Array, test: Float64Array, features: number, given?: Standardization): Standardization {
  const rows = train.length / features;
  const out: Standardization = { mean: [], scale: [] };
  for (let j = 0; j < features; j++) {
    let mean: number;
    let scale: number;
    if (given) {
      mean = given.mean[j];
      scale = given.scale[j];
    } else {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += train[r * features + j];
      mean = sum / rows;
      let squares = 0;
      for (let r = 0; r < rows; r++) squares += (train[r * features + j] - mean) ** 2;
      const std = Math.sqrt(squares / rows);
      // A constant feature carries nothing the model could learn; zero keeps it from skewing test inputs.
      scale = std > 0 ? 1 / std : 0;
    }
    out.mean.push(mean);
    out.scale.push(scale);
    for (const table of [train, test]) {
      for (let r = j; r < table.length; r += features) table[r] = (table[r] - mean) * scale;
    }
  }
  return out;
}

/** What a remote client's CSV is read against: the federation's classes (in its order) and feature scaling. */
export interface CsvReference {
  classNames: readonly string[];
  standardization?: Standardization;
}

/**
 * Which of a CSV's n rows (after missing-value handling) form the training and the test table, each in file
 * order: a seeded shuffle holds floor(testFraction·n) rows out. Exported so a test can write out exactly
 * the rows a simulated client trains on.
 */
export function csvTableRows(n: number, testFraction: number, seed: number): { trainRows: number[]; testRows: number[] } {
  const order = new Rng(deriveSeed(seed, 'csv')).shuffle(Array.from({ length: n }, (_, i) => i));
  const testCount = Math.floor(testFraction * n);
  return { trainRows: order.slice(0, n - testCount).sort((a, b) => a - b), testRows: order.slice(n - testCount).sort((a, b) => a - b) };
}

/** The field delimiter a file uses, as the params give it or as its first line shows it. */
function delimiterOf(params: CsvDatasetParams, text: string): CsvDelimiter {
  switch (params.delimiter) {
    case 'auto':
      return sniffDelimiter(text);
    case 'tab':
      return '\t';
    default:
      return params.delimiter;
  }
}

/** What loading left out or filled in, as the user should hear it. */
interface MissingCounts {
  /** Rows left out: a missing feature (`drop`), or a missing label or client (`drop` and `mean`). */
  droppedRows: number;
  /** Missing feature cells in the rows left out. */
  droppedCells: number;
  /** Rows left out because their label or client was missing. */
  unlabelledRows: number;
  /** Feature cells filled in with the training mean, and the rows they are in. */
  filledCells: number;
  filledRows: number;
}

/** The sentences a load's missing-value handling adds to the dataset's notes. */
function missingNotes(file: string, counts: MissingCounts, total: number): DatasetNote[] {
  const notes: string[] = [];
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const featureDrops = counts.droppedRows - counts.unlabelledRows;
  if (featureDrops > 0) {
    notes.push(`${file}: left out ${plural(featureDrops, 'row')} of ${total} with missing values (${plural(counts.droppedCells, 'missing cell')}).`);
  }
  if (counts.unlabelledRows > 0) {
    notes.push(`${file}: left out ${plural(counts.unlabelledRows, 'row')} of ${total} whose label or client is missing.`);
  }
  if (counts.filledCells > 0) {
    notes.push(
      `${file}: filled in ${plural(counts.filledCells, 'missing value')} in ${plural(counts.filledRows, 'row')} of ${total} with the column's mean over the training rows.`,
    );
  }
  return notes.map((message) => ({ field: 'missing', message }));
}

/** The hint a bad row's message ends with where its fields look `;`-separated but were split at commas. */
function delimiterHint(fields: string[], delimiter: CsvDelimiter, params: CsvDatasetParams): string {
  if (delimiter !== ',' || params.delimiter === ',' || !fields.some((f) => f.includes(';'))) return '';
  return "; if the file separates its fields with ';', set delimiter to ';'";
}

/** The hint a bad cell's message ends with, where a param would fix it. */
function cellHint(cell: string, fields: string[], delimiter: CsvDelimiter, params: CsvDatasetParams): string {
  if (isMissing(cell) && params.missing === 'error') return "; to leave such rows out or fill them in, set missing to 'drop' or 'mean'";
  return delimiterHint(fields, delimiter, params);
}

/**
 * Reads a CSV data set from its text; `params.path` names the file in messages, `fileName` in the data
 * set's name. With a reference, labels map to its classes (a label it lacks is an error on that line) and
 * features take its scaling.
 */
export function readCsvText(text: string, params: CsvDatasetParams, fileName: string, seed: number, reference?: CsvReference, arrays: TableArrays = SHARED): Dataset {
  const file = params.path;
  const delimiter = delimiterOf(params, text);
  const decimalComma = delimiter === ';';
  const records = csvRecords(text, file, delimiter);
  const first = records.next();
  if (first.done) {
    const needs = params.header === 'none' ? 'rows of data' : 'a header row naming its columns';
    throw new DatasetError(`is empty; a CSV data set needs ${needs}`, { field: 'path', file });
  }
  // In `names` and `sklearn` layouts the first record is no data; the next one is the first row.
  const pending: CsvRecord[] = [];
  if (params.header === 'none') pending.push(first.value);
  else {
    const second = records.next();
    if (!second.done) pending.push(second.value);
  }
  const layout: CsvLayout = readLayout(params.header, first.value, pending[pending.length - 1], file);
  const labelIndex = findColumn(layout, 'labelColumn', params.labelColumn, file);
  const clientIndex = params.clientColumn === undefined ? -1 : findColumn(layout, 'clientColumn', params.clientColumn, file);
  if (clientIndex === labelIndex) {
    throw new DatasetError(`${describeColumn(layout, labelIndex)} cannot be both the label and the client column`, {
      field: 'clientColumn',
    });
  }
  const featureColumns = Array.from({ length: layout.width }, (_, c) => c).filter((c) => c !== labelIndex && c !== clientIndex);
  if (featureColumns.length === 0) {
    throw new DatasetError('has no feature columns besides the label and client columns', {
      field: 'labelColumn',
      file,
      ...(layout.headerLine !== undefined ? { line: layout.headerLine } : {}),
    });
  }
  const features = featureColumns.length;
  const widthText = layout.header === 'names' ? 'the header has' : layout.header === 'sklearn' ? 'the first line gives' : 'the first row has';
  const sklearnClasses = layout.sklearn?.classNames ?? [];
  const referenceClasses = new Set(reference?.classNames ?? []);

  const parseNumber = (cell: string): number | undefined => {
    if (NUMBER.test(cell)) return Number(cell);
    if (decimalComma && DECIMAL_COMMA.test(cell)) return Number(cell.replace(',', '.'));
    return undefined;
  };

  // Rows are converted as they are parsed, so the records never all exist at once; missing features are
  // NaN until they are filled in, after the split (the mean comes from the training rows).
  let values = new Float64Array(features * 1024);
  const labels: string[] = [];
  const clients: string[] = [];
  const counts: MissingCounts = { droppedRows: 0, droppedCells: 0, unlabelledRows: 0, filledCells: 0, filledRows: 0 };
  let seen = 0;
  const dropping = params.missing !== 'error';
  const rowsOf = function* (): Generator<CsvRecord> {
    yield* pending;
    yield* records;
  };
  for (const { fields, line } of rowsOf()) {
    seen++;
    if (fields.length !== layout.width) {
      if (layout.looksSklearn) throw new DatasetError(sklearnMessage(layout), { field: 'header', file, line: layout.headerLine! });
      throw new DatasetError(`has ${fields.length} fields but ${widthText} ${layout.width}${delimiterHint(fields, delimiter, params)}`, {
        field: 'path',
        file,
        line,
      });
    }
    const label = fields[labelIndex].trim();
    const client = clientIndex >= 0 ? fields[clientIndex].trim() : '';
    if (dropping && (isMissing(label) || (clientIndex >= 0 && isMissing(client)))) {
      counts.droppedRows++;
      counts.unlabelledRows++;
      continue;
    }
    if (label === '') {
      throw new DatasetError(`the label ${describeColumn(layout, labelIndex)} is empty`, { field: 'labelColumn', file, line });
    }
    if (clientIndex >= 0 && client === '') {
      throw new DatasetError(`the client ${describeColumn(layout, clientIndex)} is empty`, { field: 'clientColumn', file, line });
    }
    // scikit-learn files label by class number, checked against the first line below.
    if (reference && !layout.sklearn && !referenceClasses.has(label)) {
      throw new DatasetError(`the label is '${label}', which is not one of the federation's classes (${reference.classNames.join(', ')})`, {
        field: 'labelColumn',
        file,
        line,
      });
    }
    if (layout.sklearn && sklearnClasses.length > 0) {
      const k = Number(label);
      if (!/^\d+$/.test(label) || k >= sklearnClasses.length) {
        throw new DatasetError(
          `the label is '${label}', but the first line names ${sklearnClasses.length} classes, so a label is a number from 0 to ${sklearnClasses.length - 1}`,
          { field: 'labelColumn', file, line },
        );
      }
    }
    const n = labels.length;
    if ((n + 1) * features > values.length) {
      const grown = new Float64Array(values.length * 2);
      grown.set(values);
      values = grown;
    }
    let gaps = 0;
    for (let f = 0; f < features; f++) {
      const c = featureColumns[f];
      const cell = fields[c].trim();
      const value = parseNumber(cell);
      if (value !== undefined) {
        values[n * features + f] = value;
        continue;
      }
      if (dropping && isMissing(cell)) {
        values[n * features + f] = NaN;
        gaps++;
        continue;
      }
      const what = cell === '' ? `${describeColumn(layout, c)} is empty; every feature needs a number` : `${describeColumn(layout, c)} is '${cell}', not a number`;
      throw new DatasetError(what + cellHint(cell, fields, delimiter, params), { field: 'path', file, line });
    }
    if (gaps > 0 && params.missing === 'drop') {
      counts.droppedRows++;
      counts.droppedCells += gaps;
      continue;
    }
    if (gaps > 0) {
      counts.filledCells += gaps;
      counts.filledRows++;
    }
    labels.push(label);
    if (clientIndex >= 0) clients.push(client);
  }

  if (layout.looksSklearn && seen === layout.looksSklearn.samples) {
    // Every count matches: read as column names, the file would quietly lose its class names and gain two
    // "features" named after numbers.
    throw new DatasetError(sklearnMessage(layout), { field: 'header', file, line: layout.headerLine! });
  }
  if (layout.sklearn && seen !== layout.sklearn.samples) {
    throw new DatasetError(`its first line promises ${layout.sklearn.samples} samples but ${seen} rows follow`, {
      field: 'path',
      file,
      line: layout.headerLine!,
    });
  }
  const n = labels.length;
  if (n === 0) {
    const why = seen === 0 ? (params.header === 'none' ? 'has no data rows' : 'has a header but no data rows') : `has no row left once the ${seen} with missing values are left out`;
    throw new DatasetError(why, { field: seen === 0 ? 'path' : 'missing', file });
  }

  const classNames = reference ? [...reference.classNames] : layout.sklearn && sklearnClasses.length > 0 ? [...sklearnClasses] : sortLabels(labels);
  const classOf = new Map(
    layout.sklearn && sklearnClasses.length > 0 ? labels.map((l) => [l, Number(l)] as const) : classNames.map((name, k) => [name, k] as const),
  );
  const clientNames = clientIndex >= 0 ? [...new Set(clients)] : undefined;
  const clientOf = new Map((clientNames ?? []).map((name, k) => [name, k]));

  // A seeded shuffle decides which rows are held out; both sides then keep the file's order, which makes
  // them easy to compare with the file and changes nothing for training (splits shuffle again).
  const { trainRows, testRows } = csvTableRows(n, params.testFraction, seed);

  // Features stay in float64 until standardized, so the statistics are exact; the tables get float32.
  const gather = (picked: number[]): DataTable & { values: Float64Array } => {
    const rowValues = new Float64Array(picked.length * features);
    const y = arrays.int32(picked.length);
    const clientIds = clientNames ? arrays.int32(picked.length) : undefined;
    picked.forEach((r, i) => {
      rowValues.set(values.subarray(r * features, (r + 1) * features), i * features);
      y[i] = classOf.get(labels[r]) as number;
      if (clientIds) clientIds[i] = clientOf.get(clients[r]) as number;
    });
    return { values: rowValues, x: arrays.float32(rowValues.length), y, ...(clientIds ? { clientIds } : {}) };
  };
  const { values: trainValues, ...train } = gather(trainRows);
  const { values: testValues, ...test } = gather(testRows);
  if (counts.filledCells > 0) {
    imputeTrainingMeans(trainValues, testValues, features, (f) => describeColumn(layout, featureColumns[f]), file);
  }
  const standardization = params.standardize ? standardize(trainValues, testValues, features, reference?.standardization) : undefined;
  const featureNames = layout.names ? featureColumns.map((c) => layout.names![c]) : undefined;
  train.x.set(trainValues);
  test.x.set(testValues);

  const notes = missingNotes(file, counts, seen);
  return {
    name: `${fileName} (${trainRows.length} train / ${testRows.length} test)`,
    featureShape: [features],
    numFeatures: features,
    numClasses: classNames.length,
    classNames,
    train,
    test,
    ...(clientNames ? { clientNames } : {}),
    ...(featureNames ? { featureNames } : {}),
    ...(standardization ? { standardization } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  };
}

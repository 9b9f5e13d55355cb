/**
 * A table from a CSV file (see csvTable.ts for how its text is read): the file is opened safely and read
 * whole, up to MAX_CSV_BYTES.
 */
import { basename, resolve } from 'node:path';
import type { CsvDatasetParams } from '../format/params.js';
import type { Dataset } from './dataset.js';
import { readDataFile } from './dataFile.js';
import { MAX_CSV_BYTES, readCsvText, type CsvReference } from './csvTable.js';

export { csvTableRows, MAX_CSV_BYTES, readCsvText, type CsvReference, type TableArrays } from './csvTable.js';

/** Reads the file as text: a regular file of at most MAX_CSV_BYTES, else an error on the `path` field. */
function readText(path: string, file: string): string {
  const limit = { bytes: MAX_CSV_BYTES, what: 'a CSV data set' };
  return readDataFile(path, { field: 'path', file }, 'CSV file', limit).toString('utf8');
}

/**
 * Loads a CSV data set; `path` is relative to `baseDir` (the pipeline file's folder). With a reference,
 * labels map to its classes (a label it lacks is an error on that line) and features take its scaling.
 */
export function loadCsv(params: CsvDatasetParams, baseDir: string, seed: number, reference?: CsvReference): Dataset {
  const file = params.path;
  return readCsvText(readText(resolve(baseDir, file), file), params, basename(file), seed, reference);
}

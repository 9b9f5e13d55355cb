/**
 * Missing values in a CSV file: the cells that stand for "no value" in the files people have (empty
 * cells, R's and pandas' `NA`/`NaN`, spreadsheets' `#N/A`, SQL's `NULL`, the UCI repository's `?`), and
 * filling them with a column's mean over the training rows only, so the test rows leak nothing into training.
 */
import { DatasetError } from './datasetError.js';

/** The cells (after trimming) that mean "no value". */
export const MISSING_MARKERS: ReadonlySet<string> = new Set(['', 'NA', 'N/A', 'n/a', 'NaN', 'nan', 'NULL', 'null', '?', '#N/A', '<NA>']);

/** Whether a trimmed cell stands for a missing value. */
export function isMissing(cell: string): boolean {
  return MISSING_MARKERS.has(cell);
}

/**
 * Replaces each NaN in `train` and `test` (row-major, `features` columns) with its column's mean over the
 * training rows that have a value. A column with no value in any training row has no mean to give, which
 * is an error on the `missing` field; `columnName(f)` names feature f in it.
 */
export function imputeTrainingMeans(
  train: Float64Array,
  test: Float64Array,
  features: number,
  columnName: (f: number) => string,
  file: string,
): void {
  const hasGap = (table: Float64Array, f: number): boolean => {
    for (let i = f; i < table.length; i += features) if (Number.isNaN(table[i])) return true;
    return false;
  };
  for (let f = 0; f < features; f++) {
    if (!hasGap(train, f) && !hasGap(test, f)) continue;
    let sum = 0;
    let count = 0;
    for (let i = f; i < train.length; i += features) {
      if (!Number.isNaN(train[i])) {
        sum += train[i];
        count++;
      }
    }
    if (count === 0) {
      throw new DatasetError(`${columnName(f)} has no value in any training row, so it has no mean to fill in`, {
        field: 'missing',
        file,
      });
    }
    const mean = sum / count;
    for (const table of [train, test]) {
      for (let i = f; i < table.length; i += features) if (Number.isNaN(table[i])) table[i] = mean;
    }
  }
}

/**
 * What a CSV file's first line says about its columns, and finding a column in it. Three layouts are
 * common: a line of column names (pandas' `to_csv`), no header at all (every line is data, columns known
 * by position), and scikit-learn's bundled datasets (`iris.csv`, `wine_data.csv`), whose first line is
 * `n_samples,n_features,class names…` and whose last column holds each row's class number.
 */
import type { CsvDatasetParams } from '../format/params.js';
import type { CsvRecord } from './csvParser.js';
import { DatasetError } from './datasetError.js';

/** A plain decimal number. Stricter than Number(), which would also take '', '0x1f' and 'Infinity'. */
export const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const COUNT = /^\d+$/;
const POSITION = /^[+-]?\d+$/;

/** The counts the first line of a scikit-learn file gives. */
export interface SklearnCounts {
  samples: number;
  features: number;
  /** The class names after the counts; label k is `classNames[k]`. Empty where the line names none. */
  classNames: string[];
}

/** The columns of a CSV file as its first line describes them. */
export interface CsvLayout {
  header: CsvDatasetParams['header'];
  /** Column names, where the first line holds them (header `names`). */
  names: string[] | null;
  /** Fields in every data row. */
  width: number;
  /** The line the header is on, where there is one. */
  headerLine?: number;
  /** scikit-learn's counts, for header `sklearn`. */
  sklearn?: SklearnCounts;
  /**
   * For header `names`: the first line reads as scikit-learn's counts (two whole numbers, the second one
   * less than the fields of the first row). The loader confirms it with the number of rows.
   */
  looksSklearn?: SklearnCounts;
  /** The first line, for messages. */
  firstLine: string[];
}

/** Reads the layout from the first record and the one after it (the first data row in `names` mode). */
export function readLayout(
  header: CsvDatasetParams['header'],
  first: CsvRecord,
  second: CsvRecord | undefined,
  file: string,
): CsvLayout {
  const fields = first.fields.map((f) => f.trim());
  switch (header) {
    case 'names': {
      const seen = new Set<string>();
      for (const name of fields) {
        if (name !== '' && seen.has(name)) {
          throw new DatasetError(`the header names column '${name}' twice`, { field: 'path', file, line: first.line });
        }
        seen.add(name);
      }
      const counts = sklearnCounts(fields);
      const looks = counts && second && second.fields.length === counts.features + 1 ? counts : undefined;
      return { header, names: fields, width: fields.length, headerLine: first.line, firstLine: fields, ...(looks ? { looksSklearn: looks } : {}) };
    }
    case 'none':
      return { header, names: null, width: fields.length, firstLine: fields };
    case 'sklearn': {
      const counts = sklearnCounts(fields);
      if (!counts) {
        throw new DatasetError(
          `the first line is '${shorten(fields)}', not scikit-learn's 'n_samples,n_features,class names…' (header is 'sklearn')`,
          { field: 'header', file, line: first.line },
        );
      }
      return { header, names: null, width: counts.features + 1, headerLine: first.line, sklearn: counts, firstLine: fields };
    }
  }
}

/** The counts of a scikit-learn first line, or undefined where the line is not one. */
function sklearnCounts(fields: string[]): SklearnCounts | undefined {
  if (fields.length < 2 || !COUNT.test(fields[0]) || !COUNT.test(fields[1]) || Number(fields[1]) < 1) return undefined;
  return { samples: Number(fields[0]), features: Number(fields[1]), classNames: fields.slice(2).filter((f) => f !== '') };
}

/** The first few fields of a line, for a message. */
function shorten(fields: string[]): string {
  return fields.length > 5 ? `${fields.slice(0, 5).join(',')},…` : fields.join(',');
}

/** Why a `names` file that looks like scikit-learn's cannot be read as it stands, with the fix. */
export function sklearnMessage(layout: CsvLayout): string {
  const c = layout.looksSklearn!;
  return (
    `its first line '${shorten(layout.firstLine)}' looks like scikit-learn's layout (${c.samples} samples, ` +
    `${c.features} features${c.classNames.length > 0 ? ', then the class names' : ''}), not column names; ` +
    `set header to 'sklearn' to read it (the label is then the last column, labelColumn '-1')`
  );
}

/** A column as messages name it: `column 'age'`, or `column 3` where it has no name. */
export function describeColumn(layout: CsvLayout, c: number): string {
  const name = layout.names?.[c];
  return name ? `column '${name}'` : `column ${c + 1}`;
}

/**
 * The 0-based index of the column `ref` names: a header name first, else a position (1 is the first
 * column, -1 the last). Throws a DatasetError on `field` that lists what there is.
 */
export function findColumn(layout: CsvLayout, field: 'labelColumn' | 'clientColumn', ref: string, file: string): number {
  const name = ref.trim();
  const at = { field, file, ...(layout.headerLine !== undefined ? { line: layout.headerLine } : {}) };
  const byName = layout.names?.indexOf(name) ?? -1;
  if (byName >= 0) return byName;
  if (POSITION.test(name)) {
    const p = Number(name);
    const index = p > 0 ? p - 1 : layout.width + p;
    if (p !== 0 && index >= 0 && index < layout.width) return index;
    throw new DatasetError(
      `has ${layout.width} columns, so there is no column at position ${name} (1 is the first column, -1 the last)`,
      at,
    );
  }
  if (!layout.names) {
    throw new DatasetError(
      `has no column names (header is '${layout.header}'), so give the column '${name}' as a position: 1 is the first column, -1 the last`,
      at,
    );
  }
  if (layout.looksSklearn) throw new DatasetError(sklearnMessage(layout), { ...at, field: 'header' });
  if (layout.names.every((n) => NUMBER.test(n))) {
    throw new DatasetError(
      `has no column '${name}': its first line holds only numbers, so it is probably data, not column names; ` +
        `set header to 'none' and give the column as a position (1 is the first column, -1 the last)`,
      at,
    );
  }
  const available = layout.names.map((n, c) => `'${n || `column ${c + 1}`}'`).join(', ');
  throw new DatasetError(`has no column '${name}'; its columns are ${available}`, at);
}

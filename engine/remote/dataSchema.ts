/**
 * The shape a remote client's data must have, and the check at join. The document's dataset node stays
 * in a served pipeline as the schema (its reading settings, feature columns and classes) and as the
 * server's central test set; each client reads its own file with the same settings, against the same
 * classes and feature scaling, and says what it holds — never a row. A client whose data differs (its
 * feature columns, its label column, a label the federation does not know) is refused with the difference.
 */
import type { CsvDatasetParams, DatasetParams } from '../format/params.js';
import type { Dataset } from '../data/dataset.js';
import type { WireCsvSchema, WireDataDescription, WireDataSchema } from '../protocol/messages.js';

/** The schema a served federation sends every client, from its dataset node and the data it loaded; or why it cannot serve it. */
export function dataSchemaOf(params: DatasetParams, dataset: Dataset): WireDataSchema | string {
  if (params.source === 'idx') {
    return { source: 'idx', featureShape: dataset.featureShape, numFeatures: dataset.numFeatures, classNames: dataset.classNames };
  }
  if (params.source !== 'csv') {
    return `remote clients bring CSV or IDX files, and this dataset node makes ${params.source} data; make it a csv or idx dataset (the schema and the server's test set)`;
  }
  return {
    source: 'csv',
    header: params.header,
    delimiter: params.delimiter,
    labelColumn: params.labelColumn,
    ...(params.clientColumn !== undefined ? { clientColumn: params.clientColumn } : {}),
    missing: params.missing,
    standardize: params.standardize,
    featureNames: dataset.featureNames ?? null,
    numFeatures: dataset.numFeatures,
    classNames: dataset.classNames,
    ...(dataset.standardization ? { standardization: dataset.standardization } : {}),
  };
}

/** How a client reads its own file as the schema says: all of it for training (the server holds the test set). */
export function clientCsvParams(schema: WireCsvSchema, path: string, labelColumn?: string): CsvDatasetParams {
  return {
    source: 'csv',
    path,
    header: schema.header,
    delimiter: schema.delimiter,
    labelColumn: labelColumn ?? schema.labelColumn,
    ...(schema.clientColumn !== undefined ? { clientColumn: schema.clientColumn } : {}),
    missing: schema.missing,
    testFraction: 0,
    standardize: schema.standardize,
  };
}

/** What a client tells the server of its data: columns, label set and size. */
export function describeData(dataset: Dataset, labelColumn: string): WireDataDescription {
  const seen = new Set<number>();
  for (const k of dataset.train.y) seen.add(k);
  return {
    featureNames: dataset.featureNames ?? null,
    numFeatures: dataset.numFeatures,
    labelColumn,
    labels: [...seen].sort((a, b) => a - b).map((k) => dataset.classNames[k]),
    examples: dataset.train.y.length,
  };
}

const list = (names: readonly string[], most = 5) =>
  names.length <= most ? names.map((n) => `'${n}'`).join(', ') : `${names.slice(0, most).map((n) => `'${n}'`).join(', ')} and ${names.length - most} more`;

/** Every way a client's data differs from the schema, one sentence each; empty when it matches. */
export function dataDifferences(schema: WireDataSchema, data: WireDataDescription): string[] {
  const out: string[] = [];
  if (schema.source === 'idx') {
    if (data.numFeatures !== schema.numFeatures) {
      const [rows, cols] = schema.featureShape;
      out.push(`its images have ${data.numFeatures} pixels, and the federation's are ${rows}×${cols} (${schema.numFeatures})`);
    }
  } else if (data.labelColumn !== schema.labelColumn) {
    out.push(`its label column is '${data.labelColumn}', and the federation's is '${schema.labelColumn}'`);
  }
  if (schema.source === 'idx') {
    // Checked above: images have no columns to name.
  } else if (data.numFeatures !== schema.numFeatures) {
    out.push(`it has ${data.numFeatures} feature columns, and the federation's data has ${schema.numFeatures}`);
  } else if (schema.featureNames && data.featureNames) {
    const wrong = schema.featureNames.flatMap((name, i) => (data.featureNames![i] === name ? [] : [`column ${i + 1} is '${data.featureNames![i]}' where '${name}' is expected`]));
    if (wrong.length > 0) out.push(`its feature columns differ: ${wrong.slice(0, 3).join('; ')}${wrong.length > 3 ? ` (and ${wrong.length - 3} more)` : ''}`);
  } else if (schema.featureNames && !data.featureNames) {
    out.push(`its file names no columns, and the federation's names them (${list(schema.featureNames)})`);
  }
  const known = new Set(schema.classNames);
  const unknown = data.labels.filter((l) => !known.has(l));
  if (unknown.length > 0) out.push(`it has label${unknown.length === 1 ? '' : 's'} ${list(unknown)}, not among the federation's classes (${list(schema.classNames)})`);
  if (data.examples === 0) out.push('it has no training examples');
  return out;
}

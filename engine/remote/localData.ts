/**
 * A remote client's own data, read with the dataset node's own readers as the server's schema says: a CSV
 * against the federation's classes and feature scaling, or IDX images and labels whose labels must be
 * among its classes. All of it is training data: the server holds the test set. Problems come back as
 * sentences (the file and line where the reader knows them), never as exceptions.
 */
import { dirname, resolve } from 'node:path';
import { loadCsv } from '../data/csv.js';
import type { Dataset } from '../data/dataset.js';
import { DatasetError } from '../data/datasetError.js';
import { loadIdx } from '../data/idx.js';
import type { WireDataSchema } from '../protocol/messages.js';
import { clientCsvParams, dataDifferences, describeData } from './dataSchema.js';

/** The client's files: its data, and for IDX its labels file. */
export interface LocalFiles {
  data: string;
  labels?: string;
  /** The CSV's label column, where it is named differently from the federation's. */
  labelColumn?: string;
}

/** The label column a client describes its data with: the CSV's, or none for IDX. */
export function labelColumnOf(schema: WireDataSchema, files: LocalFiles): string {
  return schema.source === 'csv' ? (files.labelColumn ?? schema.labelColumn) : '';
}

async function read(schema: WireDataSchema, files: LocalFiles): Promise<Dataset | string> {
  const data = resolve(files.data);
  if (schema.source === 'csv') {
    return loadCsv(clientCsvParams(schema, data, files.labelColumn), dirname(data), 0, {
      classNames: schema.classNames,
      ...(schema.standardization ? { standardization: schema.standardization } : {}),
    });
  }
  if (files.labels === undefined) return 'the federation trains on IDX images: give the labels file too (--labels FILE)';
  const labels = resolve(files.labels);
  // The IDX reader reads a training and a test pair; the client's one pair serves as both and the test half is dropped.
  const ds = await loadIdx({ source: 'idx', trainImages: data, trainLabels: labels, testImages: data, testLabels: labels }, dirname(data));
  const k = schema.classNames.length;
  let top = 0;
  for (const y of ds.train.y) top = Math.max(top, y);
  if (top >= k) return `${files.labels}: has label ${top}, and the federation's classes are 0 to ${k - 1}`;
  return { ...ds, numClasses: k, classNames: schema.classNames, test: { x: new Float32Array(0), y: new Int32Array(0) } };
}

/** Reads the client's data as the schema says, checked as the server will check it; or the sentence saying why it cannot join. */
export async function loadLocalData(schema: WireDataSchema, files: LocalFiles): Promise<Dataset | string> {
  let ds: Dataset | string;
  try {
    ds = await read(schema, files);
  } catch (e) {
    if (e instanceof DatasetError) return e.message;
    throw e;
  }
  if (typeof ds === 'string') return ds;
  const differences = dataDifferences(schema, describeData(ds, labelColumnOf(schema, files)));
  return differences.length > 0 ? `its data does not match the federation's: ${differences.join('; ')}` : ds;
}

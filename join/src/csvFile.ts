/**
 * A CSV file the student picked, read in the page as `fedflow join --data` reads it: the engine's own CSV
 * reader (engine/data/csvTable.ts) with the federation's reading settings, classes and feature scaling,
 * then the server's own check of what it holds. Nothing of it is uploaded; the server hears its description.
 */
import { MAX_CSV_BYTES, readCsvText } from '../../engine/data/csvTable.js';
import { DatasetError } from '../../engine/data/datasetError.js';
import type { WireDataSchema } from '../../engine/protocol/messages.js';
import { clientCsvParams, dataDifferences, describeData } from '../../engine/remote/dataSchema.js';

/** The page has no shared memory (it is not cross-origin isolated): plain arrays. */
const PLAIN = { float32: (n: number) => new Float32Array(n), int32: (n: number) => new Int32Array(n) };

/** A CSV's rows on the federation's scale (row-major) and their class numbers. */
export interface CsvRows {
  x: Float32Array;
  y: Int32Array;
  numFeatures: number;
}

/** Reads a picked CSV's text against the federation's schema; or the sentence saying how it differs. */
export function readCsvFile(name: string, text: string, schema: WireDataSchema): CsvRows | string {
  if (schema.source !== 'csv') return `${name} is a CSV file, and this federation trains on IDX images: pick an images file and its labels file`;
  if (text.length > MAX_CSV_BYTES) return `${name} is larger than the ${MAX_CSV_BYTES / 2 ** 20} MiB a CSV data set may be`;
  let read;
  try {
    read = readCsvText(text, clientCsvParams(schema, name), name, 0, { classNames: schema.classNames, ...(schema.standardization ? { standardization: schema.standardization } : {}) }, PLAIN);
  } catch (e) {
    if (e instanceof DatasetError) return e.message;
    throw e;
  }
  const differences = dataDifferences(schema, describeData(read, schema.labelColumn));
  if (differences.length > 0) return `${name} does not match the federation's data: ${differences.join('; ')}`;
  return { x: read.train.x, y: read.train.y, numFeatures: read.numFeatures };
}

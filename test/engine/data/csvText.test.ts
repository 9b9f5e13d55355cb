/**
 * A CSV read from its text (engine/data/csvTable.ts), as the browser join page reads a file the student
 * picked: the same table as the file read from disk, in plain arrays where there is no shared memory.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { loadCsv } from '../../../engine/data/csv.js';
import { readCsvText } from '../../../engine/data/csvTable.js';
import { csvDatasetParams } from '../../../engine/format/params.js';

const TEMPLATES = fileURLToPath(new URL('../../../../templates/data/', import.meta.url));
const PLAIN = { float32: (n: number) => new Float32Array(n), int32: (n: number) => new Int32Array(n) };

test('a CSV read from its text is the file read from disk, in plain arrays if asked', () => {
  const params = csvDatasetParams.parse({ source: 'csv', path: 'hospitals.csv', labelColumn: 'diagnosis', clientColumn: 'hospital', testFraction: 0.2, standardize: true });
  const file = loadCsv(params, TEMPLATES, 7);
  const text = readCsvText(readFileSync(`${TEMPLATES}hospitals.csv`, 'utf8'), params, 'hospitals.csv', 7, undefined, PLAIN);
  assert.ok(file.train.x.buffer instanceof SharedArrayBuffer, 'from disk: shared, for the workers');
  assert.ok(text.train.x.buffer instanceof ArrayBuffer && !(text.train.x.buffer instanceof SharedArrayBuffer), 'from text: plain, as a page has them');
  assert.equal(text.name, file.name);
  assert.deepEqual([...text.train.x], [...file.train.x]);
  assert.deepEqual([...text.train.y], [...file.train.y]);
  assert.deepEqual([...text.test.x], [...file.test.x]);
  assert.deepEqual(text.standardization, file.standardization);
  assert.deepEqual(text.classNames, file.classNames);
});

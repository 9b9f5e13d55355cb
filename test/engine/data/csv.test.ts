import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { loadCsv } from '../../../engine/data/csv.js';
import type { Dataset } from '../../../engine/data/dataset.js';
import { DatasetError } from '../../../engine/data/datasetError.js';
import { csvDatasetParams } from '../../../engine/format/params.js';
import type { CsvDatasetParams } from '../../../engine/format/params.js';

// The compiled test runs from dist/test/engine/data; the templates live at the repository root.
const TEMPLATES = fileURLToPath(new URL('../../../../templates/data/', import.meta.url));

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedflow-csv-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` to `name` in the temp folder and loads it. */
function load(name: string, text: string, params: Partial<CsvDatasetParams> = {}, seed = 0): Dataset {
  writeFileSync(join(dir, name), text);
  return loadCsv(csvDatasetParams.parse({ source: 'csv', path: name, labelColumn: 'label', ...params }), dir, seed);
}

/** Asserts that `run` throws a DatasetError on `field` (and at `line`) whose message matches `message`. */
function assertDatasetError(run: () => unknown, field: string, message: RegExp, line?: number): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof DatasetError, `expected a DatasetError, got ${String(error)}`);
    assert.equal(error.field, field);
    assert.match(error.message, message);
    if (line !== undefined) assert.equal(error.line, line);
    return true;
  });
}

test('the breast-cancer template loads as 569 rows × 30 features and 2 classes', () => {
  const data = loadCsv(
    csvDatasetParams.parse({ source: 'csv', path: 'breast-cancer-wisconsin.csv', labelColumn: 'diagnosis' }),
    TEMPLATES,
    0,
  );
  assert.equal(data.train.y.length + data.test.y.length, 569);
  assert.equal(data.test.y.length, Math.floor(0.2 * 569));
  assert.deepEqual(data.featureShape, [30]);
  assert.equal(data.numFeatures, 30);
  assert.deepEqual(data.classNames, ['benign', 'malignant']);
  const malignant = [...data.train.y, ...data.test.y].filter((y) => y === 1).length;
  assert.equal(malignant, 212);
  assert.equal(data.clientNames, undefined);
  assert.equal(data.train.clientIds, undefined);
  assert.equal(data.name, 'breast-cancer-wisconsin.csv (456 train / 113 test)');
});

test('hospitals.csv with clientColumn gives 4 natural clients of clearly different sizes', () => {
  const data = loadCsv(
    csvDatasetParams.parse({ source: 'csv', path: 'hospitals.csv', labelColumn: 'diagnosis', clientColumn: 'hospital' }),
    TEMPLATES,
    0,
  );
  assert.deepEqual(data.clientNames, ['Northside General', 'Lakeview University', "St Anne's", 'Riverside Clinic']);
  assert.equal(data.numFeatures, 30);
  const sizes = [0, 0, 0, 0];
  for (const table of [data.train, data.test]) for (const k of table.clientIds ?? []) sizes[k]++;
  assert.deepEqual(sizes, [256, 171, 85, 57]);
  assert.equal(data.train.clientIds?.length, data.train.y.length);
  assert.ok(data.train.clientIds?.buffer instanceof SharedArrayBuffer);
});

test("a CSV's label words become classes, sorted", () => {
  const data = load('words.csv', 'a,label\n1,pear\n2,apple\n3,pear\n4,fig\n', { testFraction: 0, standardize: false });
  assert.deepEqual(data.classNames, ['apple', 'fig', 'pear']);
  assert.equal(data.numClasses, 3);
  assert.deepEqual([...data.train.y], [2, 0, 2, 1]);
  assert.deepEqual([...data.train.x], [1, 2, 3, 4]);
});

test('numeric labels sort as numbers, so class 10 follows class 9', () => {
  const data = load('numbers.csv', 'label,a\n10,1\n9,2\n0,3\n', { testFraction: 0 });
  assert.deepEqual(data.classNames, ['0', '9', '10']);
  assert.deepEqual([...data.train.y], [2, 1, 0]);
});

test('quoted fields, CRLF line ends and a blank trailing line parse', () => {
  const text = 'a,"b, quoted",label\r\n1,2,"say ""hi"""\r\n3,"4","two\r\nlines"\r\n\r\n';
  const data = load('quoted.csv', text, { testFraction: 0, standardize: false });
  assert.deepEqual(data.classNames, ['say "hi"', 'two\r\nlines']);
  assert.deepEqual([...data.train.x], [1, 2, 3, 4]);
  // Line numbers count the line break inside the quoted field.
  assertDatasetError(() => load('quoted-bad.csv', 'a,label\n1,"x\ny"\nz,w\n'), 'path', /quoted-bad\.csv line 4/, 4);
});

test('a CSV with a word in a numeric column names the file, line and column', () => {
  assertDatasetError(
    () => load('hospital.csv', 'age,label\n40,a\n41,b\nn/a,a\n'),
    'path',
    /^hospital\.csv line 4: column 'age' is 'n\/a', not a number; to leave such rows out or fill them in, set missing to 'drop' or 'mean'$/,
    4,
  );
});

test('an empty numeric cell names the file, line and column', () => {
  const text = 'a,b,label\n1,2,x\n3,,y\n';
  assertDatasetError(() => load('empty.csv', text), 'path', /empty\.csv line 3: column 'b' is empty/, 3);
});

test('a row with the wrong number of fields names its line', () => {
  const text = 'a,b,label\n1,2,x\n3,y\n';
  assertDatasetError(() => load('short.csv', text), 'path', /line 3: has 2 fields but the header has 3/, 3);
});

test('a missing CSV names the path it looked for', () => {
  assertDatasetError(
    () => loadCsv(csvDatasetParams.parse({ source: 'csv', path: 'nowhere.csv', labelColumn: 'label' }), dir, 0),
    'path',
    new RegExp(`no CSV file at ${join(dir, 'nowhere.csv').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
  );
});

test('an unknown label or client column lists the available columns', () => {
  const text = 'site,a,b,diagnosis\ns1,1,2,x\n';
  assertDatasetError(
    () => load('columns.csv', text, { labelColumn: 'label' }),
    'labelColumn',
    /has no column 'label'; its columns are 'site', 'a', 'b', 'diagnosis'/,
  );
  assertDatasetError(
    () => load('columns.csv', text, { labelColumn: 'diagnosis', clientColumn: 'hospital' }),
    'clientColumn',
    /has no column 'hospital'; its columns are 'site', 'a', 'b', 'diagnosis'/,
  );
});

test('a CSV with only a header, or nothing, says so', () => {
  assertDatasetError(() => load('header.csv', 'a,label\n'), 'path', /no data rows/);
  assertDatasetError(() => load('nothing.csv', '\n'), 'path', /empty/);
});

test('standardized CSV features have zero mean and unit variance on the training rows', () => {
  const lines = ['a,b,constant,label'];
  for (let i = 0; i < 50; i++) lines.push(`${i},${(i * 37) % 11},5,${i % 3}`);
  const data = load('scaled.csv', lines.join('\n'), { testFraction: 0.2 });
  const rows = data.train.y.length;
  assert.equal(rows, 40);
  for (let j = 0; j < 3; j++) {
    let sum = 0;
    let squares = 0;
    for (let r = 0; r < rows; r++) {
      sum += data.train.x[r * 3 + j];
      squares += data.train.x[r * 3 + j] ** 2;
    }
    assert.ok(Math.abs(sum / rows) < 1e-5, `feature ${j} mean ${sum / rows}`);
    // The constant column stays 0 rather than dividing by a zero deviation.
    assert.ok(Math.abs(squares / rows - (j === 2 ? 0 : 1)) < 1e-5, `feature ${j} variance ${squares / rows}`);
  }
  for (let r = 0; r < data.test.y.length; r++) assert.equal(data.test.x[r * 3 + 2], 0);
  const raw = load('scaled.csv', lines.join('\n'), { testFraction: 0.2, standardize: false });
  assert.ok(raw.train.x.includes(5) && raw.train.x.every((v) => Number.isInteger(v)));
});

test('the CSV test split is seeded: the same seed holds out the same rows', () => {
  const lines = ['id,label'];
  for (let i = 0; i < 100; i++) lines.push(`${i},${i % 2}`);
  const text = lines.join('\n');
  const a = load('split.csv', text, { testFraction: 0.3, standardize: false }, 1);
  const b = load('split.csv', text, { testFraction: 0.3, standardize: false }, 1);
  const c = load('split.csv', text, { testFraction: 0.3, standardize: false }, 2);
  assert.equal(a.test.y.length, 30);
  assert.deepEqual(a.test.x, b.test.x);
  assert.notDeepEqual(a.test.x, c.test.x);
  // Train and test together are every row once.
  assert.deepEqual(
    [...a.train.x, ...a.test.x].sort((x, y) => x - y),
    Array.from({ length: 100 }, (_, i) => i),
  );
  for (const table of [a.train, a.test]) {
    assert.ok(table.x.buffer instanceof SharedArrayBuffer);
    assert.ok(table.y.buffer instanceof SharedArrayBuffer);
  }
});

test('client names come in first-seen order and every row keeps its client', () => {
  const text = 'site,a,label\nB,1,x\nA,2,y\nB,3,x\nC,4,y\n';
  const data = load('sites.csv', text, { clientColumn: 'site', testFraction: 0, standardize: false });
  assert.deepEqual(data.clientNames, ['B', 'A', 'C']);
  assert.deepEqual([...(data.train.clientIds ?? [])], [0, 1, 0, 2]);
  assert.equal(data.numFeatures, 1);
});

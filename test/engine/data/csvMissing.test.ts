/** Missing values in a CSV file (empty, NA, NaN, ?): stop, leave the rows out, or fill in the training mean — and say so. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadCsv } from '../../../engine/data/csv.js';
import type { Dataset } from '../../../engine/data/dataset.js';
import { DatasetError } from '../../../engine/data/datasetError.js';
import { csvDatasetParams } from '../../../engine/format/params.js';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedflow-csv-missing-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function load(name: string, text: string, params: Record<string, unknown>, seed = 0): Dataset {
  writeFileSync(join(dir, name), text);
  const parsed = csvDatasetParams.parse({ source: 'csv', path: name, labelColumn: 'label', standardize: false, testFraction: 0, ...params });
  return loadCsv(parsed, dir, seed);
}

// Eight rows; rows 2, 4, 5 and 7 have a gap, written as R, pandas, a spreadsheet and the UCI repository write them.
const GAPPY = ['a,b,label', '1,10,x', ',20,y', '3,30,x', '4,NA,y', 'NaN,?,x', '6,60,y', '7,"",x', '8,80,y'].join('\n');

test('by default a missing value stops the load, and the message says how to leave such rows out or fill them in', () => {
  assert.throws(
    () => load('gappy.csv', GAPPY, {}),
    (e: unknown) => e instanceof DatasetError && e.field === 'path' && e.line === 3 && /column 'a' is empty.*set missing to 'drop' or 'mean'/.test(e.message),
  );
});

test("missing 'drop' leaves out the rows with a gap and counts them in a note", () => {
  const data = load('gappy.csv', GAPPY, { missing: 'drop' });
  assert.deepEqual([...data.train.x], [1, 10, 3, 30, 6, 60, 8, 80]);
  assert.deepEqual(data.classNames, ['x', 'y']);
  assert.deepEqual(data.notes, [{ field: 'missing', message: 'gappy.csv: left out 4 rows of 8 with missing values (5 missing cells).' }]);
});

test("missing 'mean' fills each gap with its column's mean over the training rows, and counts them", () => {
  const data = load('gappy.csv', GAPPY, { missing: 'mean' });
  const x = [...data.train.x];
  assert.equal(x.length, 16);
  // Column a has 1, 3, 4, 6, 7, 8 where set; column b has 10, 20, 30, 60, 80: mean 40.
  const a = (1 + 3 + 4 + 6 + 7 + 8) / 6;
  assert.deepEqual(x, [1, 10, a, 20, 3, 30, 4, 40, a, 40, 6, 60, 7, 40, 8, 80].map(Math.fround));
  assert.deepEqual(data.notes, [
    { field: 'missing', message: "gappy.csv: filled in 5 missing values in 4 rows of 8 with the column's mean over the training rows." },
  ]);
});

test('the mean comes from the training rows only, so the held-out rows leak nothing into it', () => {
  // a = i² in rows 0..39; one more row, labelled 'gap', has no a. Wherever the split puts it, its value
  // must be the mean of the training rows' a, not of all rows'.
  const lines = ['a,label'];
  for (let i = 0; i < 40; i++) lines.push(`${i * i},${i % 2}`);
  lines.push('NA,gap');
  const data = load('leak.csv', lines.join('\n'), { missing: 'mean', testFraction: 0.5 }, 3);
  const gap = data.classNames.indexOf('gap');
  const side = data.train.y.includes(gap) ? data.train : data.test;
  const filled = side.x[side.y.indexOf(gap)];
  const known = (table: typeof data.train) => [...table.x].filter((_, r) => table.y[r] !== gap);
  const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
  assert.equal(filled, Math.fround(mean(known(data.train))));
  assert.notEqual(filled, Math.fround(mean([...known(data.train), ...known(data.test)])), 'with the test rows the mean would differ');
});

test('a row without a label is left out in both modes, and a column with no training value has no mean', () => {
  const text = 'a,label\n1,x\n2,NA\n3,y\n';
  for (const missing of ['drop', 'mean']) {
    const data = load('unlabelled.csv', text, { missing });
    assert.deepEqual([...data.train.x], [1, 3]);
    assert.deepEqual(data.notes, [{ field: 'missing', message: 'unlabelled.csv: left out 1 row of 3 whose label or client is missing.' }]);
  }
  assert.throws(
    () => load('empty-column.csv', 'a,b,label\n1,,x\n2,?,y\n', { missing: 'mean' }),
    (e: unknown) => e instanceof DatasetError && e.field === 'missing' && /column 'b' has no value in any training row/.test(e.message),
  );
  assert.throws(
    () => load('all-gaps.csv', 'a,label\n,x\nNA,y\n', { missing: 'drop' }),
    (e: unknown) => e instanceof DatasetError && e.field === 'missing' && /no row left once the 2 with missing values are left out/.test(e.message),
  );
});

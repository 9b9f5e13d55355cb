/** CSV files as people have them: no header line, the label by position, scikit-learn's layout, `;` and tabs. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadCsv } from '../../../engine/data/csv.js';
import type { Dataset } from '../../../engine/data/dataset.js';
import { DatasetError } from '../../../engine/data/datasetError.js';
import { csvDatasetParams } from '../../../engine/format/params.js';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedflow-csv-layouts-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` to `name` and loads it with the given params (no test split, no rescaling: values stay as written). */
function load(name: string, text: string, params: Record<string, unknown>): Dataset {
  writeFileSync(join(dir, name), text);
  const parsed = csvDatasetParams.parse({ source: 'csv', path: name, testFraction: 0, standardize: false, ...params });
  return loadCsv(parsed, dir, 0);
}

function assertDatasetError(run: () => unknown, field: string, message: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof DatasetError, `expected a DatasetError, got ${String(error)}`);
    assert.equal(error.field, field);
    assert.match(error.message, message);
    return true;
  });
}

describe('a file without a header line', () => {
  const text = '5.1,3.5,0\n4.9,3.0,1\n6.2,2.9,2\n';

  test('reads every line as data, with the label given by position (1 is the first column, -1 the last)', () => {
    for (const labelColumn of ['3', '-1']) {
      const data = load('headerless.csv', text, { header: 'none', labelColumn });
      assert.equal(data.train.y.length, 3, `labelColumn ${labelColumn}`);
      assert.deepEqual(data.classNames, ['0', '1', '2']);
      assert.deepEqual([...data.train.x], [5.1, 3.5, 4.9, 3.0, 6.2, 2.9].map(Math.fround));
    }
    const first = load('headerless.csv', text, { header: 'none', labelColumn: '1' });
    assert.deepEqual(first.classNames, ['4.9', '5.1', '6.2']);
    assert.deepEqual([...first.train.x], [3.5, 0, 3.0, 1, 2.9, 2].map(Math.fround));
  });

  test('a column name, or a position outside the file, is refused with what to write instead', () => {
    assertDatasetError(() => load('headerless.csv', text, { header: 'none', labelColumn: 'species' }), 'labelColumn', /no column names \(header is 'none'\), so give the column 'species' as a position/);
    assertDatasetError(() => load('headerless.csv', text, { header: 'none', labelColumn: '4' }), 'labelColumn', /has 3 columns, so there is no column at position 4/);
    assertDatasetError(() => load('headerless.csv', text, { header: 'none', labelColumn: '0' }), 'labelColumn', /no column at position 0 \(1 is the first column, -1 the last\)/);
  });

  test('read as if it had a header, it gets a hint to set header to none', () => {
    assertDatasetError(() => load('headerless.csv', text, { labelColumn: 'label' }), 'labelColumn', /first line holds only numbers, so it is probably data.*set header to 'none'/);
  });

  test('a client column can be given by position too', () => {
    const data = load('sites.csv', 'A,1,x\nB,2,y\nA,3,x\n', { header: 'none', labelColumn: '-1', clientColumn: '1' });
    assert.deepEqual(data.clientNames, ['A', 'B']);
    assert.deepEqual([...(data.train.clientIds ?? [])], [0, 1, 0]);
    assert.deepEqual([...data.train.x], [1, 2, 3]);
  });
});

test('in a file with a header, a label column can be given by position', () => {
  const data = load('named.csv', 'a,b,species\n1,2,cat\n3,4,dog\n', { labelColumn: '-1' });
  assert.deepEqual(data.classNames, ['cat', 'dog']);
  assert.deepEqual([...data.train.x], [1, 2, 3, 4]);
});

describe("scikit-learn's layout (n_samples,n_features,class names…)", () => {
  // As in sklearn/datasets/data/iris.csv: the counts and class names, then features and a class number.
  const iris = '4,2,setosa,versicolor,virginica\n5.1,3.5,0\n7.0,3.2,1\n6.3,3.3,2\n4.9,3.0,0\n';

  test('is read with its class names when header is sklearn', () => {
    const data = load('iris.csv', iris, { header: 'sklearn', labelColumn: '-1' });
    assert.deepEqual(data.classNames, ['setosa', 'versicolor', 'virginica']);
    assert.equal(data.numClasses, 3);
    assert.deepEqual([...data.train.y], [0, 1, 2, 0]);
    assert.deepEqual(data.featureShape, [2]);
    assert.deepEqual([...data.train.x], [5.1, 3.5, 7.0, 3.2, 6.3, 3.3, 4.9, 3.0].map(Math.fround));
  });

  test('read as column names, it is recognised and the message says to set header to sklearn', () => {
    // The label found by a "name" or a position, or not at all: each would misread the file.
    for (const labelColumn of ['virginica', '-1', 'species']) {
      assertDatasetError(() => load('iris.csv', iris, { labelColumn }), 'header', /looks like scikit-learn's layout \(4 samples, 2 features, then the class names\).*set header to 'sklearn'/);
    }
    // wine_data.csv's first line is shorter than its rows (178,13,class_0,class_1,class_2 over 14 fields).
    const wine = '2,4,class_0,class_1\n1,2,3,4,0\n5,6,7,8,1\n';
    assertDatasetError(() => load('wine.csv', wine, { labelColumn: '-1' }), 'header', /looks like scikit-learn's layout \(2 samples, 4 features/);
    // The same counts with a line as wide as the rows.
    const wide = '2,3,class_0,class_1\n1,2,3,0\n4,5,6,1\n';
    assertDatasetError(() => load('wide.csv', wide, { labelColumn: '-1' }), 'header', /looks like scikit-learn's layout \(2 samples, 3 features/);
  });

  test('a count or a class number that does not fit is refused', () => {
    assertDatasetError(() => load('iris-short.csv', '5,2,a,b\n1,2,0\n', { header: 'sklearn', labelColumn: '-1' }), 'path', /promises 5 samples but 1 rows follow/);
    assertDatasetError(() => load('iris-class.csv', '1,2,a,b\n1,2,7\n', { header: 'sklearn', labelColumn: '-1' }), 'labelColumn', /the label is '7', but the first line names 2 classes/);
    assertDatasetError(() => load('not-sklearn.csv', 'a,b,label\n1,2,0\n', { header: 'sklearn', labelColumn: '-1' }), 'header', /not scikit-learn's 'n_samples,n_features,class names…'/);
  });
});

describe('delimiters', () => {
  test("a ';' file (as European spreadsheets export it) is detected, and its decimal commas read as points", () => {
    const data = load('semicolon.csv', 'a;b;label\n1,5;2;x\n3;-0,25;y\n', { labelColumn: 'label' });
    assert.deepEqual(data.classNames, ['x', 'y']);
    assert.deepEqual([...data.train.x], [1.5, 2, 3, -0.25]);
  });

  test('a tab-separated file is detected, and a delimiter can be given', () => {
    const tsv = load('tabs.tsv', 'a\tb\tlabel\n1\t2\tx\n3\t4\ty\n', { labelColumn: 'label' });
    assert.deepEqual([...tsv.train.x], [1, 2, 3, 4]);
    const given = load('given.csv', '1,5;2;x\n3;4;y\n', { header: 'none', delimiter: ';', labelColumn: '-1' });
    assert.deepEqual([...given.train.x], [1.5, 2, 3, 4]);
  });

  test("a ';' file read with commas gets a hint to set the delimiter", () => {
    assertDatasetError(() => load('decimal-first.csv', '1,5;2;x\n3;4;y\n', { header: 'none', labelColumn: '-1' }), 'path', /set delimiter to ';'/);
  });
});

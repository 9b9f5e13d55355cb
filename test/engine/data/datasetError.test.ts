import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DatasetError } from '../../../engine/data/datasetError.js';

test('a dataset error reads "file line N: detail" and keeps the field at fault', () => {
  const error = new DatasetError("column 'age' is 'n/a', not a number", { field: 'path', file: 'hospitals.csv', line: 17 });
  assert.equal(error.message, "hospitals.csv line 17: column 'age' is 'n/a', not a number");
  assert.equal(error.name, 'DatasetError');
  assert.equal(error.field, 'path');
  assert.equal(error.file, 'hospitals.csv');
  assert.equal(error.line, 17);
  assert.equal(error.detail, "column 'age' is 'n/a', not a number");
  assert.ok(error instanceof Error);
  assert.equal(new DatasetError('is empty', { field: 'path', file: 'a.csv' }).message, 'a.csv: is empty');
  assert.equal(new DatasetError('too many', { field: 'testSize' }).message, 'too many');
});

/** The CSV dataset's reading settings (header, delimiter, label by position, missing values) survive export. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportScript } from '../../../engine/export/exportScript.js';
import { federation } from '../run/pipelines.js';
import { buildFromScript } from './helpers.js';

test("an exported script keeps a CSV dataset's header, delimiter, label position and missing-value settings", () => {
  const params = { source: 'csv', path: 'iris.csv', header: 'sklearn', delimiter: ';', labelColumn: '-1', missing: 'mean' };
  const doc = federation({ dataset: params, split: { method: 'iid', numClients: 2 } });
  const script = exportScript(doc);
  assert.doesNotMatch(script, /Left out/);
  const built = buildFromScript(script);
  assert.deepEqual(built.nodes.find((n) => n.id === 'data')?.params, params);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MIGRATIONS, migrate, type Migration } from '../../../engine/format/migrate.js';
import { FORMAT_TAG, FORMAT_VERSION } from '../../../engine/format/pipeline.js';
import { parsePipeline, parsePipelineText } from '../../../engine/format/validate.js';
import { federation } from '../run/pipelines.js';

test('a pipeline from a newer FedFlow Studio gives one clear problem, not a crash', () => {
  const newer = { ...JSON.parse(JSON.stringify(federation())), format: `fedflow/pipeline@${FORMAT_VERSION + 1}`, wormholes: [1] };
  const { doc, problems } = parsePipeline(newer);
  assert.equal(doc, undefined);
  assert.equal(problems.length, 1);
  assert.equal(problems[0].severity, 'error');
  assert.equal(problems[0].field, 'format');
  assert.match(problems[0].message, /newer FedFlow Studio/);
  assert.match(problems[0].message, new RegExp(`format version ${FORMAT_VERSION + 1}`));
  assert.match(problems[0].message, /Update FedFlow Studio/);
});

test('a JSON file that is not a FedFlow pipeline says so', () => {
  for (const text of ['{"name": "package", "version": "1.0.0"}', '{"format": "onnx"}', '[1, 2, 3]', '"fedflow/pipeline@1"']) {
    const { doc, problems } = parsePipelineText(text);
    assert.equal(doc, undefined, text);
    assert.equal(problems.length, 1, text);
    assert.match(problems[0].message, /not a FedFlow pipeline/, text);
  }
  const { problems } = parsePipelineText('{"format": "onnx"}');
  assert.match(problems[0].message, new RegExp(`"${FORMAT_TAG}"`));
  assert.match(problems[0].message, /"onnx"/);
});

test('a current document passes through migration untouched', () => {
  const doc = JSON.parse(JSON.stringify(federation())) as Record<string, unknown>;
  const result = migrate(doc);
  assert.ok(result.ok);
  assert.equal(result.from, FORMAT_VERSION);
  assert.deepEqual(result.doc, doc);
  assert.equal(FORMAT_TAG, `fedflow/pipeline@${FORMAT_VERSION}`);
  assert.deepEqual(Object.keys(MIGRATIONS).map(Number).filter((v) => v >= FORMAT_VERSION), [], 'no migration reads the current version');
});

test('migrations run in order from the file version up to the current one, and the result is tagged with it', () => {
  const steps: string[] = [];
  const migrations: Record<number, Migration> = {
    // Version 2 renamed `blocks` to `nodes`; version 3 added `settings`.
    1: (doc) => {
      steps.push(`1→2 from ${String(doc.format)}`);
      const { blocks, ...rest } = doc;
      return { ...rest, nodes: blocks };
    },
    2: (doc) => {
      steps.push(`2→3 from ${String(doc.format)}`);
      return { ...doc, settings: { backend: 'wasm' } };
    },
  };
  const result = migrate({ format: 'fedflow/pipeline@1', blocks: [{ id: 'a' }] }, migrations, 3);
  assert.ok(result.ok);
  assert.equal(result.from, 1);
  assert.deepEqual(steps, ['1→2 from fedflow/pipeline@1', '2→3 from fedflow/pipeline@2']);
  assert.deepEqual(result.doc, { format: 'fedflow/pipeline@3', nodes: [{ id: 'a' }], settings: { backend: 'wasm' } });

  steps.length = 0;
  const fromTwo = migrate({ format: 'fedflow/pipeline@2', nodes: [] }, migrations, 3);
  assert.ok(fromTwo.ok);
  assert.equal(fromTwo.from, 2);
  assert.deepEqual(steps, ['2→3 from fedflow/pipeline@2'], 'only the steps after the file version run');
  assert.equal(fromTwo.doc.format, 'fedflow/pipeline@3');
});

test('a missing migration step is reported, not skipped', () => {
  const result = migrate({ format: 'fedflow/pipeline@1', nodes: [] }, { 1: (doc) => doc }, 3);
  assert.equal(result.ok, false);
  assert.ok(!result.ok);
  assert.equal(result.problem.severity, 'error');
  assert.equal(result.problem.field, 'format');
  assert.match(result.problem.message, /No migration from format version 2 to 3/);
});

test('migration does not change the document it was given', () => {
  const original = { format: 'fedflow/pipeline@1', nodes: [] as unknown[] };
  const copy = structuredClone(original);
  migrate(original, { 1: (doc) => ({ ...doc, added: true }) }, 2);
  assert.deepEqual(original, copy);
});

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { NODE_KINDS } from '../../../engine/format/nodeKinds.js';
import { CLIENT_BEHAVIOURS, STRATEGY_NAMES } from '../../../engine/format/params.js';
import { BACKENDS, FORMAT_TAG } from '../../../engine/format/pipeline.js';
import { pipelineJsonSchema } from '../../../engine/format/writeSchema.js';

/** The built schema, from dist/test/engine/format. */
const SCHEMA_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'schema', 'pipeline.schema.json');

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => {
  assert.equal(typeof v, 'object');
  assert.notEqual(v, null);
  return v as Json;
};

/** The object branches of a params schema: the schema itself, or each branch of a discriminated union. */
const branches = (schema: Json): Json[] => ((schema.oneOf ?? schema.anyOf) as Json[] | undefined) ?? [schema];

test('the JSON Schema describes every node kind’s params under $defs', () => {
  const schema = pipelineJsonSchema();
  const defs = obj(schema.$defs);
  assert.deepEqual(Object.keys(defs).sort(), NODE_KINDS.map((k) => `${k}Params`).sort());
  for (const kind of NODE_KINDS) {
    for (const branch of branches(obj(defs[`${kind}Params`]))) {
      assert.equal(branch.type, 'object', `${kind}Params`);
      assert.ok(Object.keys(obj(branch.properties)).length > 0, `${kind}Params has properties`);
    }
  }
});

test('the schema’s choices are the engine’s choices', () => {
  const schema = pipelineJsonSchema();
  const props = obj(schema.properties);
  assert.equal(obj(props.format).const, FORMAT_TAG);
  assert.match(String(schema.title), new RegExp(FORMAT_TAG));
  assert.deepEqual(obj(obj(obj(props.settings).properties).backend).enum, [...BACKENDS]);
  const nodeKind = obj(obj(obj(obj(props.nodes).items).properties).kind);
  assert.deepEqual(nodeKind.enum, [...NODE_KINDS]);

  const defs = obj(schema.$defs);
  const client = obj(obj(defs.clientParams).properties);
  assert.deepEqual(obj(client.behaviour).enum, [...CLIENT_BEHAVIOURS]);
  assert.equal(obj(client.learningRate).default, 0.01, 'defaults are documented');
  const strategies = branches(obj(defs.aggregatorParams)).map((b) => obj(obj(b.properties).strategy).const);
  assert.deepEqual(strategies, [...STRATEGY_NAMES]);
  const methods = branches(obj(defs.splitParams)).map((b) => obj(obj(b.properties).method).const);
  assert.deepEqual(methods, ['iid', 'dirichlet', 'pathological', 'quantity', 'natural', 'remote']);
  for (const b of branches(obj(defs.splitParams))) assert.deepEqual(b.required, ['method']);
});

test('`npm run build` writes schema/pipeline.schema.json, matching the format', () => {
  assert.ok(existsSync(SCHEMA_FILE), `${SCHEMA_FILE} is missing; run npm run build`);
  const written = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Json;
  assert.deepEqual(written, JSON.parse(JSON.stringify(pipelineJsonSchema())), 'the built schema is out of date');
});

/**
 * The built JSON Schema (schema/pipeline.schema.json), compiled with Ajv as an editor would use it (draft
 * 2020-12), checks what the validator checks: every template passes, and a node with bad params fails at
 * that node's params, where `fedflow validate` reports an error on the same node. Documents are migrated
 * to the current format first, as the engine reads them, so this holds whichever version a file has.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { migrate } from '../../../engine/format/migrate.js';
import type { NodeKind } from '../../../engine/format/nodeKinds.js';
import { FORMAT_TAG } from '../../../engine/format/pipeline.js';
import { parsePipeline } from '../../../engine/format/validate.js';
import { ROOT } from '../../helpers/spawnNode.js';

type Json = Record<string, unknown>;
type Doc = Json & { nodes: (Json & { id: string; kind: NodeKind; params?: Json })[] };

const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'pipeline.schema.json'), 'utf8')) as Json;
// Strict: the schema uses no keyword, format or type Ajv does not know, nor ambiguous unions.
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(schema);

const TEMPLATES = join(ROOT, 'templates');
const TEMPLATE_FILES = readdirSync(TEMPLATES)
  .filter((f) => f.endsWith('.fedflow.json'))
  .sort();

/** A pipeline file as the engine reads it: parsed, then migrated to the current format version. */
function readMigrated(file: string): Doc {
  const migrated = migrate(JSON.parse(readFileSync(join(TEMPLATES, file), 'utf8')));
  assert.ok(migrated.ok, `${file} migrates`);
  return migrated.doc as Doc;
}

const errorsText = (errors: readonly ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.keyword} ${e.message ?? ''}`).join('\n');

test('the schema is the current format’s', () => {
  assert.equal(((schema.properties as Json).format as Json).const, FORMAT_TAG);
});

describe('every template validates against the schema', () => {
  assert.ok(TEMPLATE_FILES.length > 0);
  for (const file of TEMPLATE_FILES) {
    test(file, () => {
      const doc = readMigrated(file);
      assert.equal(validate(doc), true, errorsText(validate.errors));
    });
  }
});

/** The template the broken documents are made from; it has one node of every kind. */
const BASE = 'mnist-fedavg.fedflow.json';

/** The template with the params of its first node of a kind replaced (undefined: left out). */
function withParams(kind: NodeKind, params: (old: Json) => Json | undefined): { doc: Doc; index: number } {
  const doc = structuredClone(readMigrated(BASE));
  const index = doc.nodes.findIndex((n) => n.kind === kind);
  assert.ok(index >= 0, `${BASE} has a ${kind} node`);
  const next = params(doc.nodes[index].params ?? {});
  if (next === undefined) delete doc.nodes[index].params;
  else doc.nodes[index].params = next;
  return { doc, index };
}

interface Broken {
  name: string;
  kind: NodeKind;
  params: (old: Json) => Json | undefined;
  /** Where Ajv reports it, below `/nodes/<index>`. */
  at: string;
}

const BROKEN: Broken[] = [
  { name: 'a hidden layer of no units', kind: 'model', params: (p) => ({ ...p, arch: 'mlp', hidden: [0] }), at: '/params/hidden/0' },
  { name: 'a negative learning rate', kind: 'client', params: (p) => ({ ...p, learningRate: -1 }), at: '/params/learningRate' },
  { name: 'a learning rate as text', kind: 'client', params: (p) => ({ ...p, learningRate: '0.1' }), at: '/params/learningRate' },
  { name: 'a batch size that is neither a number nor "full"', kind: 'client', params: (p) => ({ ...p, batchSize: 'half' }), at: '/params/batchSize' },
  { name: 'an unknown client behaviour', kind: 'client', params: (p) => ({ ...p, behaviour: 'evil' }), at: '/params/behaviour' },
  { name: 'no clients', kind: 'split', params: () => ({ method: 'iid', numClients: 0 }), at: '/params/numClients' },
  { name: 'a Dirichlet α of 0', kind: 'split', params: () => ({ method: 'dirichlet', alpha: 0 }), at: '/params/alpha' },
  { name: 'a remote split expecting no clients', kind: 'split', params: () => ({ method: 'remote', numClients: 0 }), at: '/params/numClients' },
  { name: 'a remote split with a split-wide hold-out (each remote client chooses its own at join)', kind: 'split', params: () => ({ method: 'remote', holdoutFraction: 0.2 }), at: '/params/holdoutFraction' },
  { name: 'an unknown split method', kind: 'split', params: () => ({ method: 'random' }), at: '/params/method' },
  { name: 'a model’s params on a split', kind: 'split', params: () => ({ arch: 'mlp' }), at: '/params' },
  { name: 'an unknown strategy', kind: 'aggregator', params: () => ({ strategy: 'FedMagic', rounds: 10 }), at: '/params/strategy' },
  { name: 'zero rounds', kind: 'aggregator', params: () => ({ strategy: 'FedAvg', rounds: 0 }), at: '/params/rounds' },
  { name: 'a trimmed mean cutting half', kind: 'aggregator', params: () => ({ strategy: 'FedTrimmedAvg', beta: 0.5 }), at: '/params/beta' },
  { name: 'an MNIST training set of no digits', kind: 'dataset', params: () => ({ source: 'mnist', trainSize: 0 }), at: '/params/trainSize' },
  { name: 'a CSV without its label column', kind: 'dataset', params: () => ({ source: 'csv', path: 'data.csv' }), at: '/params' },
  { name: 'a dataset without params', kind: 'dataset', params: () => undefined, at: '' },
  { name: 'evaluating every half round', kind: 'evaluate', params: (p) => ({ ...p, every: 0.5 }), at: '/params/every' },
  { name: 'a note whose text is a number', kind: 'note', params: () => ({ text: 3 }), at: '/params/text' },
];

describe('a node with bad params is rejected at that node’s params, as the validator rejects it', () => {
  for (const broken of BROKEN) {
    test(broken.name, () => {
      const { doc, index } = withParams(broken.kind, broken.params);
      const node = `/nodes/${index}`;
      assert.equal(validate(doc), false, 'the schema rejects it');
      const errors = validate.errors ?? [];
      assert.ok(
        errors.some((e) => e.instancePath === `${node}${broken.at}`),
        `an error at ${node}${broken.at}; got\n${errorsText(errors)}`,
      );
      for (const e of errors) assert.ok(e.instancePath.startsWith(node), `every error is at ${node}; got\n${errorsText(errors)}`);

      const problems = parsePipeline(doc).problems.filter((p) => p.severity === 'error');
      const id = doc.nodes[index].id;
      assert.ok(
        problems.some((p) => p.nodeId === id && (p.field === undefined || p.field.startsWith('params'))),
        `the validator reports the params of '${id}'; got ${JSON.stringify(problems)}`,
      );
    });
  }
});

describe('what the validator accepts, the schema accepts', () => {
  test('a key a kind does not know: the params schemas are not strict and the validator only warns', () => {
    const { doc, index } = withParams('client', (p) => ({ ...p, colour: 'blue' }));
    assert.equal(validate(doc), true, errorsText(validate.errors));
    const problems = parsePipeline(doc).problems;
    assert.ok(problems.every((p) => p.severity === 'warning'));
    assert.ok(problems.some((p) => p.nodeId === doc.nodes[index].id && p.field === 'params.colour'));
  });

  test('params left out where every one has a default', () => {
    for (const kind of ['client', 'evaluate', 'note'] as const) {
      const { doc } = withParams(kind, () => undefined);
      assert.equal(validate(doc), true, `${kind}: ${errorsText(validate.errors)}`);
      assert.deepEqual(parsePipeline(doc).problems.filter((p) => p.severity === 'error'), [], kind);
    }
  });

  test('a remote split, whose clients bring their own data to fedflow serve', () => {
    const { doc } = withParams('split', () => ({ method: 'remote', numClients: 3 }));
    assert.equal(validate(doc), true, errorsText(validate.errors));
    assert.deepEqual(parsePipeline(doc).problems.filter((p) => p.severity === 'error'), []);
  });

  test('a discriminator with only defaults after it', () => {
    const { doc } = withParams('aggregator', () => ({ strategy: 'MultiKrum' }));
    assert.equal(validate(doc), true, errorsText(validate.errors));
    assert.deepEqual(parsePipeline(doc).problems.filter((p) => p.severity === 'error'), []);
  });
});

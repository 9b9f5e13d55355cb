/** The node-kind specs (engine/nodes): complete, consistent with the schemas and ports, and browser-safe. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { NODE_KINDS, type NodeKind } from '../../../engine/format/nodeKinds.js';
import { PARAMS_SCHEMAS } from '../../../engine/format/params.js';
import { PipelineBuilder } from '../../../engine/format/pipelineBuilder.js';
import { PORTS } from '../../../engine/format/ports.js';
import { NODE_ICONS, NODE_SPEC_LIST, NODE_SPECS, nodeSpec, nodeSummary } from '../../../engine/nodes/index.js';

test('there is one spec per node kind, under its own kind, with the kind’s params schema', () => {
  assert.deepEqual(Object.keys(NODE_SPECS).sort(), [...NODE_KINDS].sort());
  assert.deepEqual(
    NODE_SPEC_LIST.map((s) => s.kind),
    [...NODE_KINDS],
    'the palette order is NODE_KINDS’ order',
  );
  for (const kind of NODE_KINDS) {
    assert.equal(NODE_SPECS[kind].kind, kind);
    assert.equal(NODE_SPECS[kind].params, PARAMS_SCHEMAS[kind], `${kind}: the schema is params.ts’s`);
    assert.equal(PORTS[kind], NODE_SPECS[kind].ports, `${kind}: the port table reads the spec`);
  }
});

test('a new node’s params are valid, and its summary is a line of text', () => {
  for (const kind of NODE_KINDS) {
    const spec = nodeSpec(kind);
    assert.ok(spec.params.safeParse(spec.newParams).success, `${kind}: new params parse`);
    const line = nodeSummary({ kind, params: structuredClone(spec.newParams) as Record<string, unknown> });
    assert.equal(typeof line, 'string');
    assert.ok(!line.includes('\n'), `${kind}: one line`);
    assert.ok(!line.startsWith('invalid'), kind);
  }
});

test('summaries say what a node does with its settings, and say so when they do not parse', () => {
  const cases: [NodeKind, Record<string, unknown>, string][] = [
    ['dataset', { source: 'mnist' }, 'MNIST · 8,000 train / 2,000 test'],
    ['dataset', { source: 'synthetic', iid: true, devices: 12345 }, 'Synthetic IID · 12,345 devices'],
    ['dataset', { source: 'synthetic', alpha: 0.5, beta: 1 }, 'Synthetic(α=0.5, β=1) · 30 devices'],
    ['dataset', { source: 'csv', path: 'a.csv', labelColumn: 'y' }, 'CSV · a.csv'],
    ['split', { method: 'iid', numClients: 1000, holdoutFraction: 0.25 }, 'IID · 1,000 clients · 25% hold-out'],
    ['split', { method: 'natural' }, 'Natural (by client column)'],
    ['model', { arch: 'mlp', hidden: [] }, 'MLP (no hidden layer) · relu'],
    ['model', { arch: 'cnn' }, 'CNN (FedAvg paper)'],
    ['client', { fraction: 0.33, clients: '0-3', proximalMu: 0.01, behaviour: 'label-flip' }, '1 epoch · batch 32 · sgd lr 0.01 · 33% per round · clients 0-3 · μ=0.01 · label-flip'],
    ['client', { localEpochs: 5, batchSize: 'full' }, '5 epochs · full batch · sgd lr 0.01'],
    ['aggregator', { strategy: 'Krum', rounds: 12345 }, 'Krum · 12,345 rounds'],
    ['evaluate', { every: 5, centralized: false }, 'every 5 rounds · hold-outs'],
    ['evaluate', { centralized: false, federated: false }, 'every round · nothing'],
    ['note', { text: 'hi' }, ''],
    ['split', { method: 'iid', numClients: 0 }, 'invalid: num clients'],
    ['dataset', {}, 'invalid: source'],
    ['client', { learningRate: -1, momentum: 'x' }, 'invalid: learning rate, momentum'],
  ];
  for (const [kind, params, expected] of cases) {
    assert.equal(nodeSummary({ kind, params }), expected, `${kind} ${JSON.stringify(params)}`);
  }
});

test('each export call is a PipelineBuilder method passing every input the kind has', () => {
  for (const kind of NODE_KINDS) {
    const { exportCall, ports } = nodeSpec(kind);
    assert.equal(typeof PipelineBuilder.prototype[exportCall.method], 'function', `${kind}: p.${exportCall.method}`);
    const inputs = exportCall.inputs;
    const passed = inputs.shape === 'none' ? [] : inputs.shape === 'refs' ? [...inputs.ports] : [inputs.port];
    assert.deepEqual(passed, ports.inputs.map((p) => p.id), `${kind}: the call passes each input, in port order`);
    for (const port of ports.inputs) {
      assert.equal(port.multiple === true, inputs.shape === 'list', `${kind}.${port.id}: a list exactly where the input takes several`);
    }
  }
});

test('icons and colours: a distinct icon per kind, CSS hex colours', () => {
  const icons = NODE_KINDS.map((k) => NODE_SPECS[k].icon);
  assert.equal(new Set(icons).size, icons.length);
  for (const icon of icons) assert.ok((NODE_ICONS as readonly string[]).includes(icon));
  for (const kind of NODE_KINDS) {
    const { color, report } = nodeSpec(kind);
    for (const c of [color, report.color ?? color]) assert.match(c, /^#[0-9a-f]{6}$/, kind);
  }
});

/** The modules a compiled module imports, by specifier. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*['"]([^'"]+)['"]/g), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]);
}

test('the specs are browser-safe: they and everything they import use no Node.js module', () => {
  const start = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'engine', 'nodes', 'index.js');
  const seen = new Set<string>();
  const bare = new Set<string>();
  const stack = [start];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of importsOf(file)) {
      if (spec.startsWith('.')) stack.push(resolve(dirname(file), spec));
      else bare.add(spec);
    }
  }
  assert.ok(seen.size > NODE_KINDS.length, 'the import graph was followed');
  assert.deepEqual([...bare], ['zod'], `only zod from outside the engine (found ${[...bare].join(', ')})`);
});

test("the palette's default nodes wired into a pipeline give no problem at all, not even a warning", () => {
  const p = new PipelineBuilder({ name: 'Defaults', seed: 1 });
  const fresh = <K extends NodeKind>(kind: K) => structuredClone(NODE_SPECS[kind].newParams) as never;
  const data = p.dataset('d', fresh('dataset'));
  const split = p.split('s', fresh('split'), data);
  const model = p.model('m', fresh('model'));
  const clients = p.client('c', fresh('client'), { clients: split, model });
  const agg = p.aggregator('a', fresh('aggregator'), [clients]);
  p.evaluate('v', fresh('evaluate'), agg);
  assert.deepEqual(p.validate(), []);
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parsePipeline, parsePipelineText } from '../../../engine/format/validate.js';
import { federation } from '../run/pipelines.js';

const TEMPLATE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'templates', 'mnist-fedavg.fedflow.json');

interface RawDoc {
  nodes: { id: string; kind: string; label?: string; position?: unknown; params?: Record<string, unknown> }[];
  edges: unknown[];
}

test('opening and saving the template keeps every node’s params exactly as written', () => {
  const text = readFileSync(TEMPLATE, 'utf8');
  const written = JSON.parse(text) as RawDoc;
  const { doc } = parsePipelineText(text);
  assert.ok(doc);
  const saved = JSON.parse(JSON.stringify(doc)) as RawDoc;
  assert.equal(saved.nodes.length, written.nodes.length);
  for (const [i, node] of written.nodes.entries()) {
    assert.equal(saved.nodes[i].id, node.id);
    assert.deepEqual(saved.nodes[i].params, node.params, `params of ${node.id}: no defaults injected`);
    assert.deepEqual(saved.nodes[i].position, node.position);
    assert.equal(saved.nodes[i].label, node.label);
  }
  assert.deepEqual(saved.edges, written.edges);
});

test('a saved document reads back to the same document', () => {
  const { doc } = parsePipelineText(readFileSync(TEMPLATE, 'utf8'));
  assert.ok(doc);
  const again = parsePipelineText(JSON.stringify(doc, null, 2));
  assert.deepEqual(again.problems, []);
  assert.deepEqual(again.doc, doc);
});

test('a node written with no params stays without params; defaults apply only when it runs', () => {
  const built = JSON.parse(JSON.stringify(federation({ clients: [{}], evaluate: {} }))) as RawDoc;
  const { doc, problems } = parsePipeline(built);
  assert.ok(doc);
  // The evaluate node's default `federated: true` is in force (hence this warning) but not written into the node.
  assert.deepEqual(problems.map((p) => `${p.severity} ${p.nodeId} ${p.field}`), ['warning eval params.federated']);
  assert.deepEqual(doc.nodes.find((n) => n.id === 'clients0')!.params, {});
  assert.deepEqual(doc.nodes.find((n) => n.id === 'eval')!.params, {});
  assert.deepEqual(doc.nodes.find((n) => n.id === 'model')!.params, { arch: 'mlp', hidden: [32] });
});

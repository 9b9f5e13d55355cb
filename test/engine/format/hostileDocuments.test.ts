/**
 * Documents that are valid JSON but hostile to a validator: megabytes of nodes, nesting a hundred thousand
 * levels deep, numbers past the largest double. Each gets problems naming the node and the field, quickly,
 * never a stack trace. (Speed figures are in `npm run bench -- --only validation`; the bound here only
 * catches a validator that went quadratic again.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { largeDocumentText } from '../../../bench/largeDocument.js';
import { parseClientRanges, parseClientSelection, ClientOwners } from '../../../engine/format/clientSelection.js';
import { findCycle } from '../../../engine/format/graph.js';
import { MAX_HIDDEN_LAYERS } from '../../../engine/format/params.js';
import { pipelineDocument } from '../../../engine/format/pipeline.js';
import { formatProblem, type Problem } from '../../../engine/format/problems.js';
import { readPipelineFile } from '../../../engine/format/readPipelineFile.js';
import { parsePipelineText } from '../../../engine/format/validate.js';
import { federation } from '../run/pipelines.js';

const MB = 1e6;

/** A valid federation as JSON text, edited first (a marker string is then replaced by raw JSON). */
interface RawDoc {
  nodes: { position?: unknown; params: Record<string, unknown> }[];
}

function federationText(edit: (doc: RawDoc) => void): string {
  const doc = JSON.parse(JSON.stringify(federation())) as RawDoc;
  edit(doc);
  return JSON.stringify(doc);
}

function onlyError(problems: Problem[]): Problem {
  const errors = problems.filter((p) => p.severity === 'error');
  assert.equal(errors.length, 1, JSON.stringify(problems, null, 1));
  return errors[0];
}

test('a 10 MB document of many federations validates in seconds, without a problem', () => {
  const text = largeDocumentText(10 * MB);
  assert.ok(text.length >= 10 * MB);
  const started = performance.now();
  const { doc, problems } = parsePipelineText(text);
  const seconds = (performance.now() - started) / 1000;
  assert.deepEqual(problems, []);
  assert.ok(doc && doc.nodes.length > 50_000);
  // Quadratic validation took 80 s here; linear takes about one. The bound only catches the former.
  assert.ok(seconds < 20, `validating ${(text.length / MB).toFixed(1)} MB took ${seconds.toFixed(1)} s`);
});

test('thousands of aggregators fed by one client group, or groups feeding one aggregator, validate in seconds', () => {
  for (const shape of ['aggregators', 'groups'] as const) {
    const text = largeDocumentText(2 * MB, shape);
    const started = performance.now();
    const { problems } = parsePipelineText(text);
    const seconds = (performance.now() - started) / 1000;
    assert.deepEqual(problems, [], shape);
    // Each aggregator once scanned every edge and node again: hours for this document.
    assert.ok(seconds < 20, `${shape}: validating ${(text.length / MB).toFixed(1)} MB took ${seconds.toFixed(1)} s`);
  }
});

test('a million-client split taken "all" by many groups is checked without listing its clients', () => {
  const groups = 400;
  const doc = federation({ split: { method: 'iid', numClients: 1_000_000 }, clients: Array.from({ length: groups }, () => ({ clients: 'all' })) });
  const started = performance.now();
  const { problems } = parsePipelineText(JSON.stringify(doc));
  const seconds = (performance.now() - started) / 1000;
  // Every group after the first takes client 0 again; each is told so, naming the first group.
  const clashes = problems.filter((p) => p.field === 'params.clients');
  assert.equal(clashes.length, groups - 1);
  assert.match(clashes[0].message, /takes client 0, which client 'clients0' already takes/);
  assert.ok(seconds < 20, `took ${seconds.toFixed(1)} s`);
});

test('client ranges: overlapping ranges merge, and a clash names the lowest client taken twice', () => {
  const r = parseClientRanges('8-9, 0-3,2-5 ,7', 10);
  assert.ok(r.ok);
  assert.deepEqual(r.ranges, [[0, 5], [7, 9]]);
  assert.equal(r.count, 9);
  const sel = parseClientSelection('8-9, 0-3,2-5 ,7', 10);
  assert.ok(sel.ok);
  assert.deepEqual(sel.ids, [0, 1, 2, 3, 4, 5, 7, 8, 9]);
  const owners = new ClientOwners<string>();
  assert.equal(owners.claim([[0, 3], [10, 12]], 'a'), undefined);
  assert.equal(owners.claim([[5, 9]], 'b'), undefined);
  assert.deepEqual(owners.claim([[4, 5]], 'c'), { client: 5, owner: 'b' });
  assert.deepEqual(owners.claim([[2, 11]], 'd'), { client: 2, owner: 'a' });
  assert.deepEqual(owners.claim([[4, 4]], 'e'), { client: 4, owner: 'c' });
  assert.deepEqual(owners.claim([[13, 13]], 'f'), undefined);
});

test('100,000 nested arrays in a position are an error naming the node and the path, not a stack trace', () => {
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  const text = federationText((doc) => (doc.nodes[2].position = '@DEEP@')).replace('"@DEEP@"', deep);
  const { doc, problems } = parsePipelineText(text);
  assert.equal(doc, undefined);
  const p = onlyError(problems);
  assert.equal(p.nodeId, 'model');
  assert.equal(p.field, 'nodes.2.position');
  assert.match(p.message, /more than 64 levels deep \(at nodes\.2\.position\.0\.0\.0\.0\.0…\)/);
});

test('deep nesting anywhere — in params, in objects — is the same clear error, and the file is named', async () => {
  const deepObject = `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`;
  const text = federationText((doc) => (doc.nodes[0].params.extra = '@DEEP@')).replace('"@DEEP@"', deepObject);
  const p = onlyError(parsePipelineText(text).problems);
  assert.equal(p.nodeId, 'data');
  assert.equal(p.field, 'nodes.0.params');
  assert.match(p.message, /at nodes\.0\.params\.extra\.a\.a\.a\.a…/);

  const dir = mkdtempSync(join(tmpdir(), 'fedflow-deep-'));
  try {
    const file = join(dir, 'deep.fedflow.json');
    writeFileSync(file, `{"format":"fedflow/pipeline@2","nodes":[],"description":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    const read = onlyError((await readPipelineFile(file)).problems);
    assert.equal(read.field, 'description');
    assert.match(formatProblem(read, file), new RegExp(`^error ${file.replace(/[.\\/]/g, '\\$&')} description: description nests`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('nesting up to the limit is read as before: the limit is far above what a pipeline uses', () => {
  const text = federationText((doc) => (doc.nodes[0].params.extra = '@DEEP@')).replace('"@DEEP@"', `${'['.repeat(60)}${']'.repeat(60)}`);
  const { doc, problems } = parsePipelineText(text);
  assert.ok(doc);
  assert.deepEqual(problems.map((p) => [p.severity, p.field]), [['warning', 'params.extra']]);
});

test('1e400 is reported as a number too large, with its node and field, never as "null"', () => {
  const text = federationText((doc) => {
    doc.nodes[4].params.rounds = '@BIG@';
    doc.nodes[1].position = { x: '@NEG@', y: 0 };
  })
    .replace('"@BIG@"', '1e400')
    .replace('"@NEG@"', '-1e400');
  const { problems } = parsePipelineText(text);
  const position = onlyError(problems);
  assert.equal(position.field, 'nodes.1.position.x');
  assert.equal(position.nodeId, 'split');
  assert.match(position.message, /is a number too large to read \(below -1\.8e308, so it reads as -infinity\)/);
  assert.doesNotMatch(position.message, /null/);

  const rounds = onlyError(parsePipelineText(text.replace('-1e400', '0')).problems);
  assert.equal(rounds.nodeId, 'agg');
  assert.equal(rounds.field, 'params.rounds');
  assert.match(rounds.message, /rounds is a number too large to read \(above 1\.8e308/);
  assert.doesNotMatch(rounds.message, /null/);
});

test(`an MLP of 100,000 layers is refused on its hidden field: at most ${MAX_HIDDEN_LAYERS} layers`, () => {
  const text = federationText((doc) => (doc.nodes[2].params.hidden = new Array(100_000).fill(1)));
  const p = onlyError(parsePipelineText(text).problems);
  assert.equal(p.nodeId, 'model');
  assert.equal(p.field, 'params.hidden');
  assert.match(p.message, /hidden may have at most 100 items \(got 100000\)/);
  // The limit itself is fine.
  const ok = federationText((doc) => (doc.nodes[2].params.hidden = new Array(MAX_HIDDEN_LAYERS).fill(4)));
  assert.deepEqual(parsePipelineText(ok).problems, []);
});

test('a chain of 100,000 nodes is searched for cycles without overflowing the stack', () => {
  const n = 100_000;
  const nodes = Array.from({ length: n }, (_, i) => ({ id: `n${i}`, kind: 'note' }));
  const edges = Array.from({ length: n - 1 }, (_, i) => ({ id: `e${i}`, source: `n${i}`, target: `n${i + 1}` }));
  const chain = pipelineDocument.parse({ format: 'fedflow/pipeline@2', nodes, edges });
  assert.deepEqual(findCycle(chain), []);
  const loop = pipelineDocument.parse({ format: 'fedflow/pipeline@2', nodes, edges: [...edges, { id: 'back', source: `n${n - 1}`, target: 'n5' }] });
  const cycle = findCycle(loop);
  assert.equal(cycle.length, n - 5);
  assert.equal(cycle[0], 'n5');
});

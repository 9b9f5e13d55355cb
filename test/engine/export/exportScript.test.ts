/**
 * `exportScript`: the script's text (one builder call per node, no JSON blob, comments), the builder
 * statements it writes reproduce the document, identifiers, literals, and refusing an invalid document.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { exportScript, SCRIPT_SUMMARY_PREFIX, topologicalOrder } from '../../../engine/export/exportScript.js';
import { isSafeIdentifier, nodeIdentifier } from '../../../engine/export/identifiers.js';
import { commentLines, compactLiteral, literal, LINE_WIDTH, stringLiteral } from '../../../engine/export/literal.js';
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import { PipelineError } from '../../../engine/format/problems.js';
import { parsePipeline } from '../../../engine/format/validate.js';
import { federation } from '../run/pipelines.js';
import { awkwardDocument, dirichletFedAdam, hospitalsCsv, mnistFixture, privateAndCompressed, readTemplate, templateFiles } from './docs.js';
import { buildFromScript, fedflow, removeRepoTempDir, repoTempDir, ROOT, runView } from './helpers.js';

const TEMPLATE = 'mnist-fedavg.fedflow.json';

/** Every document the tests export, each made when its test runs: each template, and the ones built for what the templates lack. */
function documents(): [string, () => PipelineDocument][] {
  return [
    ...templateFiles().map((f): [string, () => PipelineDocument] => [f, () => readTemplate(f)]),
    ['dirichlet-fedadam', dirichletFedAdam],
    ['private-and-compressed', privateAndCompressed],
    ['hospitals-csv', () => hospitalsCsv('data/hospitals.csv')],
    ['awkward', awkwardDocument],
  ];
}

/** The document less the params the export leaves out because the node kind does not know them. */
function withoutUnknownParams(doc: PipelineDocument): PipelineDocument {
  const copy = structuredClone(doc);
  for (const n of copy.nodes) if (n.id === 'a-b') delete n.params.extra;
  return copy;
}

describe('the exported script', () => {
  // A frozen copy of the MNIST template, so that editing templates/ does not change these exact-text checks.
  const script = exportScript(mnistFixture(), { fileName: TEMPLATE, baseDir: join(ROOT, 'templates'), scriptPath: join(ROOT, 'mnist.ts') });

  test('imports the public API by the package name and never parses the document from JSON', () => {
    assert.match(script, /^} from 'fedflow-studio';$/m);
    assert.doesNotMatch(script, /JSON\.parse/);
    assert.doesNotMatch(script, /"format"|fedflow\/pipeline@/);
    assert.doesNotMatch(script, /from '\.\.?\//, 'no relative imports: the script stands alone');
    const custom = exportScript(mnistFixture(), { importFrom: '/abs/dist/engine/index.js' });
    assert.match(custom, /^} from '\/abs\/dist\/engine\/index\.js';$/m);
  });

  test('has one builder call per node, in a topological order, with params as object literals', () => {
    const doc = mnistFixture();
    const calls = [...script.matchAll(/^ {2}(?:const \w+ = )?p\.(\w+)\(\s*'([^']+)'/gm)].map((m) => [m[1], m[2]]);
    assert.deepEqual(calls, doc.nodes.map((n) => [n.kind, n.id]));
    assert.equal(script.match(/new PipelineBuilder\(/g)?.length, 1);
    assert.match(script, /\{ source: 'mnist', trainSize: 8000, testSize: 2000 \}/);
    assert.match(script, /\{ localEpochs: 1, batchSize: 32, optimizer: 'momentum', learningRate: 0\.01, momentum: 0\.9, fraction: 1 \}/);
    assert.match(script, /\{ clients: split, model: mlp \}/);
    assert.match(script, /^ {2}const fedavg = p\.aggregator\($/m);
    assert.match(script, /^ {4}\[clients\],$/m);
    // A node nothing reads from gets no variable.
    assert.match(script, /^ {2}p\.evaluate\($/m);
    assert.match(script, /^ {2}p\.note\($/m);
  });

  test('keeps the description and the note as comments, wrapped, and lines within the width', () => {
    assert.match(script, /^\/\/ About this pipeline:\n\/\/ {3}The seed document's example as a federation/m);
    assert.match(script, /^ {2}\/\/ {3}## What to look at$/m);
    assert.match(script, /^ {2}\/\/ {3}Each round every client trains one epoch/m);
    assert.match(script, /^ {2}\/\/ MNIST digits \(dataset\): where the examples come from\.$/m);
    // Only a string that cannot be broken (the description, a note's text) runs past the width.
    const generated = script.slice(0, script.indexOf('// ── Running it'));
    const long = generated.split('\n').filter((l) => l.length > LINE_WIDTH && !/^\s*(description: )?'.*',?$/.test(l));
    assert.deepEqual(long, []);
  });

  test('runs with flags, prints rounds and the summary after a prefix, and saves each run to its own folder in runs/', () => {
    for (const flag of ['rounds', 'seed', 'workers', 'backend', 'out']) assert.match(script, new RegExp(`${flag}: \\{ type: 'string'`));
    assert.match(script, /startRun\(pipeline, \{/);
    assert.match(script, /seed: flags\.seed \?\? pipeline\.seed/);
    assert.match(script, /backend: flags\.backend \?\? pipeline\.settings\.backend/);
    assert.match(script, /case 'evaluated':/);
    assert.match(script, /const RUN_STEM = 'mnist-fedavg';/);
    assert.match(script, /flags\.out \?\? \(await createRunFolder\(RUNS_DIR, RUN_STEM\)\)\.dir/);
    assert.ok(script.includes(`const SUMMARY_PREFIX = ${stringLiteral(SCRIPT_SUMMARY_PREFIX)};`));
    assert.match(script, /^\/\/ {3}fedflow script mnist\.ts \[--rounds N\]/m);
    assert.match(script, /const USAGE = `Usage: fedflow script mnist\.ts \[--rounds N\]/);
  });

  test('reads relative data paths from the pipeline file\'s folder, found from the script\'s own location', () => {
    assert.match(script, /^const baseDir = resolve\(dirname\(fileURLToPath\(import\.meta\.url\)\), 'templates'\);$/m);
    const nested = exportScript(hospitalsCsv('data/hospitals.csv'), { baseDir: '/data/pipelines', scriptPath: '/data/scripts/deep/run.ts' });
    assert.match(nested, /^const baseDir = resolve\(dirname\(fileURLToPath\(import\.meta\.url\)\), '\.\.\/\.\.\/pipelines'\);$/m);
    assert.match(nested, /if you move the script\s+(\/\/ )?or the data, change this line/);
    const same = exportScript(hospitalsCsv('data/hospitals.csv'), { baseDir: '/data', scriptPath: '/data/run.ts' });
    assert.match(same, /import\.meta\.url\)\), '\.'\);$/m);
    const none = exportScript(hospitalsCsv('data/hospitals.csv'));
    assert.match(none, /^const baseDir = dirname\(fileURLToPath\(import\.meta\.url\)\);$/m);
    assert.match(none, /const RUN_STEM = 'hospitals-csv';/);
  });
});

describe('the builder statements reproduce the document', () => {
  for (const [name, make] of documents()) {
    test(name, () => {
      const doc = make();
      const script = exportScript(doc, { fileName: name });
      const built = buildFromScript(script);
      assert.deepEqual(runView(built), runView(withoutUnknownParams(doc)));
      // Nodes keep the document's order where it is already topological (every template's is).
      assert.deepEqual(built.nodes.map((n) => n.id), topologicalOrder(doc).map((n) => n.id));
      // The same document exports to the same text.
      assert.equal(exportScript(doc, { fileName: name }), script);
    });
  }

  test('a document read from the file and the one the builder makes differ only in edge ids', () => {
    const doc = mnistFixture();
    const built = buildFromScript(exportScript(doc));
    assert.deepEqual({ ...built, edges: built.edges.map(({ id: _, ...e }) => e) }, { ...doc, edges: doc.edges.map(({ id: _, ...e }) => e) });
    assert.deepEqual(built.edges.map((e) => e.id), ['mnist-split', 'split-clients', 'mlp-clients', 'clients-fedavg', 'fedavg-eval']);
  });

  test('nodes out of order come out in a topological order; client groups keep their order', () => {
    const doc = awkwardDocument();
    const order = topologicalOrder(doc).map((n) => n.id);
    for (const e of doc.edges) assert.ok(order.indexOf(e.source) < order.indexOf(e.target), `${e.source} before ${e.target}`);
    assert.deepEqual(order, ['note', '1', 'my split', 'p', 'a-b', 'aB', 'class', 'eval', 'empty-note']);
    assert.deepEqual(runView(buildFromScript(exportScript(doc))).inputs['class.updates'], ['aB', 'a-b']);
  });

  test('a param the node kind does not know is left out, with a comment saying so', () => {
    const script = exportScript(awkwardDocument());
    assert.match(script, /\/\/ Left out: 'extra' is not a setting of a client node \(the engine ignores it\)\./);
    assert.doesNotMatch(script, /extra: 1/);
  });
});

describe('identifiers', () => {
  test('node ids become readable, valid, unique identifiers', () => {
    const taken = new Set<string>();
    const names = [
      ['split-1', 'split'],
      ['my split', 'split'],
      ['1', 'dataset'],
      ['eval', 'evaluate'],
      ['class', 'aggregator'],
      ['p', 'model'],
      ['a-b', 'client'],
      ['aB', 'client'],
      ['---', 'note'],
      ['données', 'dataset'],
      ['2nd.split', 'split'],
      ['undefined', 'model'],
      ['arguments', 'model'],
      ['await', 'model'],
    ] as const;
    const got = names.map(([id, kind]) => nodeIdentifier(id, kind, taken));
    assert.deepEqual(got, ['split1', 'mySplit', 'dataset1', 'evalNode', 'classNode', 'pNode', 'aB', 'aB2', 'note', 'données', 'split2ndSplit', 'undefinedNode', 'argumentsNode', 'awaitNode']);
    for (const name of got) assert.ok(isSafeIdentifier(name), name);
    assert.equal(new Set(got).size, got.length);
  });

  test('an awkward document exports to a script whose pipeline code runs in strict mode', () => {
    const script = exportScript(awkwardDocument());
    assert.match(script, /const evalNode|p\.evaluate\(/);
    assert.match(script, /const classNode = p\.aggregator\(/);
    assert.match(script, /const dataset1 = p\.dataset\(/);
    assert.match(script, /const mySplit = p\.split\(/);
    assert.match(script, /const pNode = p\.model\(/);
    assert.match(script, /const aB2 = p\.client\(\s*'aB'/);
    assert.match(script, /\[aB2, aB\]/);
    assert.doesNotThrow(() => buildFromScript(script));
  });
});

describe('literals and comments', () => {
  const roundTrip = (code: string): unknown => new Function(`'use strict'; return (${code});`)();

  test('strings come back exactly, whatever they hold', () => {
    for (const s of ['', "it's", 'back\\slash', 'a\nb\r\nc\td', '`${x}`', '*/ /*', 'é 😀 \u2028 \u2029', '\u0000\u001f\u007f', 'lone \ud800 surrogate', '\udc00']) {
      const lit = stringLiteral(s);
      assert.ok(lit.startsWith("'") && !/[\n\r\u2028\u2029]/.test(lit), lit);
      assert.equal(roundTrip(lit), s);
    }
  });

  test('values come back exactly, on one line or broken over several', () => {
    const value = { a: 1, 'b-c': [1, 2.5, -0, 1e-9, 1e21], nested: { t: true, n: null, s: "x'y" }, __proto__x: 'k', '0': 'zero' };
    assert.deepEqual(roundTrip(compactLiteral(value)), value);
    assert.ok(Object.is((roundTrip(compactLiteral(-0)) as number), -0));
    const wide = { text: 'x'.repeat(60), list: Array.from({ length: 30 }, (_, i) => i), inner: { more: 'y'.repeat(80) } };
    const broken = literal(wide, 4, '    ');
    assert.ok(broken.includes('\n'));
    assert.deepEqual(roundTrip(broken), wide);
    const proto = JSON.parse('{"__proto__": 1}') as Record<string, unknown>;
    assert.deepEqual(Object.keys(roundTrip(compactLiteral(proto)) as object), ['__proto__']);
  });

  test('comments wrap at the width and break at every line terminator', () => {
    const lines = commentLines(`${'word '.repeat(40)}\nsecond\u2028third\r\n\nfifth`, '  ');
    for (const l of lines) assert.ok(l.length <= LINE_WIDTH && l.startsWith('  //'), l);
    assert.deepEqual(lines.slice(-4), ['  // second', '  // third', '  //', '  // fifth']);
  });
});

describe('an invalid document is refused', () => {
  let tmp: string;
  before(() => {
    tmp = repoTempDir('invalid');
  });
  after(() => removeRepoTempDir(tmp));

  const bad = () => {
    const doc = federation({ split: { method: 'dirichlet', numClients: 4, alpha: -1 } });
    return { ...doc, nodes: doc.nodes.filter((n) => n.kind !== 'evaluate') } as PipelineDocument;
  };

  test('exportScript throws a PipelineError with every problem', () => {
    const doc = federation({ split: { method: 'dirichlet', numClients: 4, alpha: -1 }, model: { arch: 'mlp', activation: 'swish' } });
    assert.throws(
      () => exportScript(doc),
      (e: unknown) => {
        assert.ok(e instanceof PipelineError);
        assert.deepEqual(e.problems.map((p) => `${p.nodeId} ${p.field}`), ['split params.alpha', 'model params.activation']);
        return true;
      },
    );
    const noAggregator = parsePipeline({ format: 'fedflow/pipeline@1', nodes: [{ id: 'n', kind: 'note' }] });
    assert.throws(() => exportScript(noAggregator.doc!), /Nothing to run/);
    assert.doesNotThrow(() => exportScript(federation()));
  });

  test('fedflow export exits 2 with the problems on stderr and nothing on stdout', async () => {
    const file = join(tmp, 'bad.fedflow.json');
    writeFileSync(file, JSON.stringify(bad()));
    const r = await fedflow('export', file);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, new RegExp(`^error ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} node split params\\.alpha: `, 'm'));
    const broken = join(tmp, 'broken.fedflow.json');
    writeFileSync(broken, '{ "nodes": [,] }');
    const r2 = await fedflow('export', broken, '-o', join(tmp, 'never.ts'));
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /not valid JSON/);
    const missing = await fedflow('export');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /fedflow export needs a pipeline file/);
  });

  test('fedflow export prints the script, or writes it with -o', async () => {
    const r = await fedflow('export', `templates/${TEMPLATE}`);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, exportScript(readTemplate(TEMPLATE), { fileName: TEMPLATE, baseDir: join(ROOT, 'templates') }));
    const out = join(tmp, 'sub', 'mnist.ts');
    const w = await fedflow('export', `templates/${TEMPLATE}`, '-o', out);
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stdout, /^Wrote .*mnist\.ts\. Run it from any folder with:\n {2}(fedflow|node \S+\/bin\/fedflow\.js) script \S+\/sub\/mnist\.ts\n/);
    assert.equal(readFileSync(out, 'utf8'), exportScript(readTemplate(TEMPLATE), { fileName: TEMPLATE, baseDir: join(ROOT, 'templates'), scriptPath: out }));
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findCycle } from '../../../engine/format/graph.js';
import { pipelineDocument } from '../../../engine/format/pipeline.js';
import { hasErrors, type Problem } from '../../../engine/format/problems.js';
import { parsePipeline, parsePipelineText, validatePipeline } from '../../../engine/format/validate.js';
import { federation, type FederationSpec } from '../run/pipelines.js';

/** The repository root, from dist/test/engine/format. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const TEMPLATE = join(ROOT, 'templates', 'mnist-fedavg.fedflow.json');

interface RawNode {
  id: string;
  kind: string;
  label?: string;
  params: Record<string, unknown>;
}
interface RawEdge {
  id: string;
  source: string;
  sourceHandle?: string | null;
  target: string;
  targetHandle?: string | null;
}
interface RawDoc {
  format: string;
  nodes: RawNode[];
  edges: RawEdge[];
}

/** A valid federation as plain JSON, ready to be broken the way a user might break it. */
function raw(spec: FederationSpec = {}): RawDoc {
  return JSON.parse(JSON.stringify(federation(spec))) as RawDoc;
}

function node(doc: RawDoc, id: string): RawNode {
  const found = doc.nodes.find((n) => n.id === id);
  assert.ok(found, `no node ${id}`);
  return found;
}

const errors = (problems: Problem[]) => problems.filter((p) => p.severity === 'error');
const warnings = (problems: Problem[]) => problems.filter((p) => p.severity === 'warning');

/** The one problem at this node and field (asserting there is exactly one). */
function problemAt(problems: Problem[], where: { nodeId?: string; field?: string; edgeId?: string }): Problem {
  const found = problems.filter(
    (p) =>
      (where.nodeId === undefined || p.nodeId === where.nodeId) &&
      (where.field === undefined || p.field === where.field) &&
      (where.edgeId === undefined || p.edgeId === where.edgeId),
  );
  assert.equal(found.length, 1, `expected one problem at ${JSON.stringify(where)}, got ${JSON.stringify(problems, null, 1)}`);
  return found[0];
}

test('the MNIST template is valid, without a single warning', () => {
  const { doc, problems } = parsePipelineText(readFileSync(TEMPLATE, 'utf8'));
  assert.deepEqual(problems, []);
  assert.ok(doc);
  assert.equal(doc.name, 'MNIST with FedAvg');
});

test('a federation wired dataset → split → clients → aggregator → evaluate is valid', () => {
  assert.deepEqual(parsePipeline(raw()).problems, []);
  assert.deepEqual(validatePipeline(federation({ clients: [{ clients: '0-1' }, { clients: '2-3' }] })), []);
});

test('every problem is reported at once, each pointing at its node and field', () => {
  const doc = raw();
  node(doc, 'split').params = { method: 'dirichlet', numClients: 4, alpha: -1 };
  node(doc, 'model').params.activation = 'swish';
  node(doc, 'clients0').params.learningRate = 0;
  doc.edges = doc.edges.filter((e) => e.id !== 'e-eval');

  const { problems } = parsePipeline(doc);
  assert.ok(errors(problems).length >= 4, JSON.stringify(problems, null, 1));
  assert.equal(problemAt(problems, { nodeId: 'split', field: 'params.alpha' }).severity, 'error');
  assert.equal(problemAt(problems, { nodeId: 'model', field: 'params.activation' }).severity, 'error');
  assert.equal(problemAt(problems, { nodeId: 'clients0', field: 'params.learningRate' }).severity, 'error');
  assert.equal(problemAt(problems, { nodeId: 'eval', field: 'inputs.global' }).severity, 'error');
});

test('an unknown node kind names the node and lists the kinds there are', () => {
  const doc = raw();
  node(doc, 'model').kind = 'transformer';
  const { doc: parsed, problems } = parsePipeline(doc);
  assert.equal(parsed, undefined);
  const p = problemAt(problems, { nodeId: 'model' });
  assert.equal(p.field, 'nodes.2.kind');
  assert.match(p.message, /"transformer"/);
  assert.match(p.message, /"dataset", "split", "model", "client", "aggregator", "evaluate", "note"/);
});

test('a node missing a required input says which input', () => {
  const noPartition = raw();
  noPartition.edges = noPartition.edges.filter((e) => e.id !== 'e-split-0');
  const p = problemAt(parsePipeline(noPartition).problems, { nodeId: 'clients0', field: 'inputs.clients' });
  assert.equal(p.severity, 'error');
  assert.match(p.message, /client partition/);

  const noModel = raw();
  noModel.edges = noModel.edges.filter((e) => e.id !== 'e-model-0');
  assert.match(problemAt(parsePipeline(noModel).problems, { nodeId: 'clients0', field: 'inputs.model' }).message, /model/);

  const noUpdates = raw();
  noUpdates.edges = noUpdates.edges.filter((e) => e.id !== 'e-agg-0');
  problemAt(errors(parsePipeline(noUpdates).problems), { nodeId: 'agg', field: 'inputs.updates' });
});

test('a second connection into a single input is an error on that input', () => {
  const doc = raw();
  doc.edges.push({ id: 'again', source: 'model', sourceHandle: 'model', target: 'clients0', targetHandle: 'model' });
  const p = problemAt(parsePipeline(doc).problems, { nodeId: 'clients0', field: 'inputs.model' });
  assert.match(p.message, /takes one connection but has 2/);
});

test('a number out of range names the node, the field and the value given', () => {
  const doc = raw({ split: { method: 'dirichlet', numClients: 4, alpha: -1 } });
  const p = problemAt(parsePipeline(doc).problems, { nodeId: 'split', field: 'params.alpha' });
  assert.equal(p.severity, 'error');
  assert.match(p.message, /-1/);
  assert.match(p.message, /greater than 0/);

  const zeroClients = problemAt(parsePipeline(raw({ split: { method: 'iid', numClients: 0 } })).problems, {
    field: 'params.numClients',
  });
  assert.equal(zeroClients.nodeId, 'split');
  assert.match(zeroClients.message, /at least 1 \(got 0\)/);

  const fractional = problemAt(parsePipeline(raw({ aggregator: { strategy: 'FedAvg', rounds: 1.5 } })).problems, {
    nodeId: 'agg',
  });
  assert.equal(fractional.field, 'params.rounds');
  assert.match(fractional.message, /whole number \(got 1\.5\)/);

  const hidden = problemAt(parsePipeline(raw({ model: { arch: 'mlp', hidden: [32, 0] } })).problems, { nodeId: 'model' });
  assert.equal(hidden.field, 'params.hidden.1');
});

test('a value outside a list of choices lists the choices', () => {
  const activation = problemAt(parsePipeline(raw({ model: { arch: 'mlp', activation: 'swish' } })).problems, {
    nodeId: 'model',
  });
  assert.equal(activation.field, 'params.activation');
  assert.match(activation.message, /"relu", "tanh", "sigmoid" \(got "swish"\)/);

  const strategy = problemAt(parsePipeline(raw({ aggregator: { strategy: 'FedFoo', rounds: 2 } })).problems, { nodeId: 'agg' });
  assert.equal(strategy.field, 'params.strategy');
  assert.match(strategy.message, /"FedAvg"/);
  assert.match(strategy.message, /"FedFoo"/);

  const missing = problemAt(parsePipeline(raw({ split: {} })).problems, { nodeId: 'split' });
  assert.equal(missing.field, 'params.method');
  assert.match(missing.message, /got nothing/);
});

test('an unknown setting is a warning, not an error', () => {
  const doc = raw();
  node(doc, 'clients0').params.learningrate = 0.1;
  const { doc: parsed, problems } = parsePipeline(doc);
  assert.ok(parsed);
  assert.equal(hasErrors(problems), false);
  const p = problemAt(problems, { nodeId: 'clients0', field: 'params.learningrate' });
  assert.equal(p.severity, 'warning');
  assert.match(p.message, /'learningrate' is not a setting/);
});

test('a split asking for more clients than MNIST has training digits is an error on numClients', () => {
  const doc = raw({ dataset: { source: 'mnist', trainSize: 100, testSize: 50 }, split: { method: 'iid', numClients: 101 } });
  const p = problemAt(parsePipeline(doc).problems, { nodeId: 'split', field: 'params.numClients' });
  assert.equal(p.severity, 'error');
  assert.match(p.message, /101 clients/);
  assert.match(p.message, /100 training examples/);
  const enough = raw({ dataset: { source: 'mnist', trainSize: 100, testSize: 50 }, split: { method: 'iid', numClients: 100 } });
  assert.deepEqual(parsePipeline(enough).problems, []);
});

test('a natural split of MNIST is refused: MNIST has no client column', () => {
  const p = problemAt(parsePipeline(raw({ split: { method: 'natural' } })).problems, { nodeId: 'split' });
  assert.equal(p.field, 'params.method');
});

test('an edge that loops back upstream is refused', () => {
  const doc = raw();
  doc.edges.push({ id: 'back', source: 'agg', sourceHandle: 'global', target: 'clients0', targetHandle: 'model' });
  const { problems } = parsePipeline(doc);
  const p = problemAt(problems, { edgeId: 'back' });
  assert.equal(p.severity, 'error');
  assert.equal(p.nodeId, 'clients0');
  assert.match(p.message, /global model/);
});

test('the cycle finder names the nodes on a loop, and finds none in a federation', () => {
  assert.deepEqual(findCycle(federation()), []);
  const looped = pipelineDocument.parse({
    ...raw(),
    edges: [...raw().edges, { id: 'back', source: 'agg', target: 'split' }],
  });
  const cycle = findCycle(looped);
  assert.deepEqual([...cycle].sort(), ['agg', 'clients0', 'split']);
});

test('an edge to a node that does not exist names the edge and the missing node', () => {
  const doc = raw();
  doc.edges.push({ id: 'ghost', source: 'clients9', sourceHandle: 'updates', target: 'agg', targetHandle: 'updates' });
  const p = problemAt(parsePipeline(doc).problems, { edgeId: 'ghost' });
  assert.equal(p.severity, 'error');
  assert.match(p.message, /'clients9'/);
});

test('an edge from a port the node does not have names the edge', () => {
  const doc = raw();
  doc.edges.find((e) => e.id === 'e-data')!.sourceHandle = 'pixels';
  assert.match(problemAt(parsePipeline(doc).problems, { edgeId: 'e-data' }).message, /no port 'pixels'/);
});

test('a CNN on a CSV data set is an error on the model architecture', () => {
  const doc = raw({ dataset: { source: 'csv', path: 'data.csv', labelColumn: 'label' }, model: { arch: 'cnn' } });
  const p = problemAt(parsePipeline(doc).problems, { nodeId: 'model', field: 'params.arch' });
  assert.equal(p.severity, 'error');
  assert.match(p.message, /CNN/);
  assert.deepEqual(parsePipeline(raw({ model: { arch: 'cnn' } })).problems, [], 'a CNN on MNIST is fine');
});

test('two client groups feeding one aggregator cannot take the same clients', () => {
  const doc = raw({ clients: [{ clients: '0-2' }, { clients: '2-3' }] });
  const p = problemAt(parsePipeline(doc).problems, { field: 'params.clients' });
  assert.equal(p.nodeId, 'clients1');
  assert.match(p.message, /client 2/);
  assert.match(p.message, /clients0/);

  const both = problemAt(parsePipeline(raw({ clients: [{}, {}] })).problems, { field: 'params.clients' });
  assert.equal(both.nodeId, 'clients1', "two groups both taking 'all' overlap too");
});

test('a client selection that the split cannot satisfy says why', () => {
  const beyond = problemAt(parsePipeline(raw({ clients: [{ clients: '0-9' }] })).problems, { nodeId: 'clients0' });
  assert.equal(beyond.field, 'params.clients');
  assert.match(beyond.message, /Client 9 does not exist: the split makes 4 clients, numbered 0 to 3/);

  const text = problemAt(parsePipeline(raw({ clients: [{ clients: 'first two' }] })).problems, { nodeId: 'clients0' });
  assert.equal(text.field, 'params.clients');
  assert.match(text.message, /"first two" is not a client number or range/);
});

test('client groups training different model nodes cannot share an aggregator', () => {
  const doc = raw({ clients: [{ clients: '0-1' }, { clients: '2-3' }] });
  doc.nodes.push({ id: 'cnn', kind: 'model', params: { arch: 'cnn' } });
  doc.edges.find((e) => e.id === 'e-model-1')!.source = 'cnn';
  const p = problemAt(parsePipeline(doc).problems, { nodeId: 'agg' });
  assert.equal(p.field, 'inputs.updates');
  assert.match(p.message, /different models/);
});

test('a pipeline without an aggregator has nothing to run', () => {
  const doc = raw({ evaluate: null });
  doc.nodes = doc.nodes.filter((n) => n.kind !== 'aggregator');
  doc.edges = doc.edges.filter((e) => e.target !== 'agg');
  const { problems } = parsePipeline(doc);
  assert.equal(errors(problems).length, 1, JSON.stringify(problems, null, 1));
  const [p] = errors(problems);
  assert.equal(p.nodeId, undefined);
  assert.match(p.message, /Nothing to run: add an aggregator/);
  assert.ok(warnings(problems).some((w) => w.nodeId === 'clients0'), 'the dangling client group is pointed out');
});

test('two nodes with one id are an error', () => {
  const doc = raw();
  doc.nodes.push({ id: 'model', kind: 'model', params: { arch: 'logistic' } });
  const p = problemAt(parsePipeline(doc).problems, { nodeId: 'model' });
  assert.equal(p.severity, 'error');
  assert.match(p.message, /share the id 'model'/);
});

test('federated evaluation without local hold-outs is a warning, and fine once the split holds some out', () => {
  const without = parsePipeline(raw({ evaluate: { federated: true } }));
  assert.ok(without.doc);
  assert.equal(hasErrors(without.problems), false);
  const p = problemAt(without.problems, { nodeId: 'eval' });
  assert.equal(p.severity, 'warning');
  assert.equal(p.field, 'params.federated');
  assert.match(p.message, /holdoutFraction/);

  const withHoldout = raw({ split: { method: 'iid', numClients: 4, holdoutFraction: 0.2 }, evaluate: { federated: true } });
  assert.deepEqual(parsePipeline(withHoldout).problems, []);
});

test('federated evaluation with a remote split is no warning: each client chooses its hold-out at join', () => {
  const remote = raw({ split: { method: 'remote', numClients: 2 }, evaluate: { federated: true } });
  assert.deepEqual(parsePipeline(remote).problems.filter((p) => p.field === 'params.federated'), []);
});

test('invalid JSON text is reported with its line number', () => {
  const text = ['{', '  "format": "fedflow/pipeline@1",', '  "nodes": [', '    { "id": "a", }', '  ]', '}'].join('\n');
  const { doc, problems } = parsePipelineText(text);
  assert.equal(doc, undefined);
  assert.equal(problems.length, 1);
  assert.equal(problems[0].severity, 'error');
  assert.equal(problems[0].line, 4);
  assert.match(problems[0].message, /not valid JSON/);

  const truncated = parsePipelineText('{\n  "format": "fedflow/pipeline@1",\n  "nodes": [');
  assert.equal(truncated.problems.length, 1);
  assert.match(truncated.problems[0].message, /not valid JSON/);
  assert.equal(truncated.problems[0].line, 3, 'a file cut short is reported at its end');
});

test('every kind of JSON slip is reported on its line, in a one-line message', () => {
  const cases: [string, number][] = [
    ['{\n  "nodes": [1, 2,]\n}', 2], // trailing comma in a list
    ['{\n  "seed": 1,\n  "name": untitled\n}', 3], // a word without quotes
    ['{\n  "seed": 1\n  "name": "x"\n}', 3], // a missing comma
    ['{\n  "a": {"b": [1, {"c": .5}]}\n}', 2], // a number without its leading zero
    ['{\n  "a": "x"\n}\n}', 4], // one brace too many
    ["{\n  'name': 'x'\n}", 2], // single quotes
    ['{\n  "a": "tab\there"\n}', 2], // a raw tab inside a string
    ['{\n  "a": tru\n}', 2],
    ['{\n  "a": [1 2]\n}', 2],
    ['\n\n  ,', 3],
  ];
  for (const [text, line] of cases) {
    assert.throws(() => JSON.parse(text), SyntaxError, `${JSON.stringify(text)} should not be valid JSON`);
    const { problems } = parsePipelineText(text);
    assert.equal(problems.length, 1, JSON.stringify(text));
    assert.equal(problems[0].line, line, `${JSON.stringify(text)}: ${problems[0].message}`);
    assert.doesNotMatch(problems[0].message, /\n/, 'the message fits on one line');
  }
});

test('a document with the wrong shape names the field at fault', () => {
  const { problems } = parsePipeline({
    format: 'fedflow/pipeline@1',
    seed: -1,
    settings: { backend: 'gpu' },
    nodes: [{ id: 'a', kind: 'client', params: 5 }],
  });
  assert.equal(problemAt(problems, { field: 'seed' }).severity, 'error');
  assert.match(problemAt(problems, { field: 'settings.backend' }).message, /"wasm"/);
  const params = problemAt(problems, { field: 'nodes.0.params' });
  assert.equal(params.nodeId, 'a');
  assert.match(params.message, /must be an object \(got 5\)/);
});

test('garbage never throws: the validator always answers with problems', () => {
  const garbage: unknown[] = [
    null,
    undefined,
    0,
    'fedflow',
    true,
    [],
    {},
    { format: 'x' },
    { format: 42 },
    { format: 'fedflow/pipeline@' },
    { format: 'fedflow/pipeline@1' },
    { format: 'fedflow/pipeline@1', nodes: 'abc' },
    { format: 'fedflow/pipeline@1', nodes: [null, 1, 'x', []] },
    { format: 'fedflow/pipeline@1', nodes: [{ id: 'a', kind: 'split', params: 5 }] },
    { format: 'fedflow/pipeline@1', nodes: [{ id: 'a', kind: 'split', params: null }] },
    { format: 'fedflow/pipeline@1', nodes: [{ id: 'a', kind: 'split', params: [] }] },
    { format: 'fedflow/pipeline@1', nodes: [{ id: '', kind: 'split' }] },
    { format: 'fedflow/pipeline@1', nodes: [{ id: 'a', kind: 'client', params: { clients: 7 } }] },
    { format: 'fedflow/pipeline@1', nodes: [], edges: 'none' },
    { format: 'fedflow/pipeline@1', nodes: [], edges: [{}] },
    { format: 'fedflow/pipeline@1', nodes: [], edges: [{ id: 'e', source: 'a', target: 'a' }] },
    { format: 'fedflow/pipeline@1', nodes: [{ id: 'a', kind: 'split', params: { method: 'iid' } }], edges: [{ id: 'e', source: 'a', target: 'a' }] },
    { format: 'fedflow/pipeline@1', nodes: [{ id: 'a', kind: 'note', params: { text: 5 } }] },
    JSON.parse('{"format":"fedflow/pipeline@1","nodes":[{"id":"c","kind":"client","params":{"__proto__":{"x":1}}}]}'),
    JSON.parse('{"format":"fedflow/pipeline@1","nodes":[{"id":"__proto__","kind":"model","params":{"arch":"mlp","hidden":"big"}}]}'),
  ];
  for (const input of garbage) {
    let result;
    assert.doesNotThrow(() => (result = parsePipeline(input)), `parsePipeline(${JSON.stringify(input)})`);
    assert.ok(result!.problems.length > 0, `no problem found in ${JSON.stringify(input)}`);
    assert.ok(hasErrors(result!.problems), `no error found in ${JSON.stringify(input)}`);
    for (const p of result!.problems) assert.equal(typeof p.message, 'string');
  }
  for (const text of ['', ' ', 'null', '[]', '{', '}', 'undefined', '{"format": "fedflow/pipeline@1", "nodes": 5}', '\u0000']) {
    let result;
    assert.doesNotThrow(() => (result = parsePipelineText(text)), `parsePipelineText(${JSON.stringify(text)})`);
    assert.ok(hasErrors(result!.problems), `no error found in text ${JSON.stringify(text)}`);
  }
});

test('SCAFFOLD over clients that do not train with plain SGD is warned about, on the client node\'s optimizer', () => {
  const p = problemAt(parsePipeline(raw({ clients: [{ optimizer: 'momentum' }], aggregator: { strategy: 'SCAFFOLD' } })).problems, {
    nodeId: 'clients0',
    field: 'params.optimizer',
  });
  assert.equal(p.severity, 'warning');
  assert.match(p.message, /assume plain SGD/);
  assert.deepEqual(parsePipeline(raw({ clients: [{ optimizer: 'sgd' }], aggregator: { strategy: 'SCAFFOLD' } })).problems, []);
});

test('refusing failures while clients drop out is warned about: the first dropout would stop the run', () => {
  const p = problemAt(parsePipeline(raw({ clients: [{ dropout: 0.2 }], aggregator: { strategy: 'FedAvg', acceptFailures: false } })).problems, {
    nodeId: 'agg',
    field: 'params.acceptFailures',
  });
  assert.equal(p.severity, 'warning');
  assert.match(p.message, /first dropout stops the run/);
});

test('Bulyan with fewer clients sampled a round than 4f + 3 is an error on numMalicious, before the run starts', () => {
  // 4 clients, all sampled; f = 1 needs 7.
  const p = problemAt(parsePipeline(raw({ aggregator: { strategy: 'Bulyan', numMalicious: 1 } })).problems, { nodeId: 'agg', field: 'params.numMalicious' });
  assert.equal(p.severity, 'error');
  assert.match(p.message, /needs at least 7 updates a round \(4f \+ 3\), but only 4 clients are sampled/);
  const enough = parsePipeline(raw({ split: { method: 'iid', numClients: 8 }, aggregator: { strategy: 'Bulyan', numMalicious: 1 } })).problems;
  assert.deepEqual(enough, []);
});

test('a deadline, over-selection or a trace without simulated devices is warned about, naming the field', () => {
  const deadline = problemAt(parsePipeline(raw({ aggregator: { strategy: 'FedAvg', deadline: 5 } })).problems, { nodeId: 'agg', field: 'params.deadline' });
  assert.equal(deadline.severity, 'warning');
  assert.match(deadline.message, /none of its client groups simulates devices/);
  const over = problemAt(parsePipeline(raw({ clients: [{ overSelection: 0.3 }] })).problems, { nodeId: 'clients0', field: 'params.overSelection' });
  assert.match(over.message, /simulated clock/);
  const trace = problemAt(parsePipeline(raw({ clients: [{ availability: 'trace.csv' }] })).problems, { nodeId: 'clients0', field: 'params.availability' });
  assert.equal(trace.severity, 'warning');
  assert.deepEqual(parsePipeline(raw({ clients: [{ devices: 'phones', overSelection: 0.3 }], aggregator: { strategy: 'FedAvg', deadline: 5 } })).problems, []);
});

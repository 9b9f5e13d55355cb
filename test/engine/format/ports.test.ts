import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NODE_KINDS, type NodeKind } from '../../../engine/format/nodeKinds.js';
import { PORTS, PORT_TYPES, canConnect, type Connection, type GraphLike } from '../../../engine/format/ports.js';

type Edge = GraphLike['edges'][number];

/** The nodes of a typical canvas: one of each kind, plus a second client group. */
const NODES: GraphLike['nodes'] = [
  { id: 'data', kind: 'dataset' },
  { id: 'split', kind: 'split' },
  { id: 'model', kind: 'model' },
  { id: 'honest', kind: 'client' },
  { id: 'attackers', kind: 'client' },
  { id: 'agg', kind: 'aggregator' },
  { id: 'eval', kind: 'evaluate' },
];

const graph = (edges: Edge[] = []): GraphLike => ({ nodes: NODES, edges });
const edge = (source: string, sourceHandle: string, target: string, targetHandle: string): Edge => ({
  source,
  sourceHandle,
  target,
  targetHandle,
});

/** Every edge of a finished two-group federation. */
const WIRED: Edge[] = [
  edge('data', 'data', 'split', 'data'),
  edge('split', 'clients', 'honest', 'clients'),
  edge('model', 'model', 'honest', 'model'),
  edge('split', 'clients', 'attackers', 'clients'),
  edge('model', 'model', 'attackers', 'model'),
  edge('honest', 'updates', 'agg', 'updates'),
  edge('attackers', 'updates', 'agg', 'updates'),
  edge('agg', 'global', 'eval', 'global'),
];

function refused(g: GraphLike, c: Connection): string {
  const verdict = canConnect(g, c);
  assert.equal(verdict.ok, false, `expected ${c.source} → ${c.target} to be refused`);
  return (verdict as { reason: string }).reason;
}

test('the canvas lets you wire a whole federation, edge by edge', () => {
  const edges: Edge[] = [];
  for (const e of WIRED) {
    assert.deepEqual(canConnect(graph(edges), e), { ok: true }, `${e.source} → ${e.target}`);
    edges.push(e);
  }
});

test('several client groups can feed one aggregator', () => {
  const before = WIRED.filter((e) => e.target !== 'agg');
  const first = edge('honest', 'updates', 'agg', 'updates');
  assert.deepEqual(canConnect(graph(before), first), { ok: true });
  assert.deepEqual(canConnect(graph([...before, first]), edge('attackers', 'updates', 'agg', 'updates')), { ok: true });
});

test('a connection drawn without handle ids uses the only port on each side', () => {
  assert.deepEqual(canConnect(graph(), { source: 'data', target: 'split' }), { ok: true });
  assert.deepEqual(canConnect(graph(), { source: 'agg', target: 'eval' }), { ok: true });
});

test('a wrong port type is refused with a reason naming both sides', () => {
  const reason = refused(graph(), edge('split', 'clients', 'honest', 'model'));
  assert.match(reason, /split/);
  assert.match(reason, /client partition/);
  assert.match(reason, /client's model input/);
  assert.match(reason, /model architecture/);

  const intoSplit = refused(graph(), edge('model', 'model', 'split', 'data'));
  assert.match(intoSplit, /model architecture/);
  assert.match(intoSplit, /split's data input/);
  assert.match(intoSplit, /dataset/);
});

test('a handle the node does not have is refused', () => {
  assert.match(refused(graph(), edge('data', 'pixels', 'split', 'data')), /dataset node has no output 'pixels'/);
  assert.match(refused(graph(), edge('data', 'data', 'split', 'labels')), /split node has no input 'labels'/);
});

test('a single input takes one connection: a second edge into it is refused', () => {
  const g = graph([edge('model', 'model', 'honest', 'model')]);
  const other: GraphLike = { nodes: [...NODES, { id: 'cnn', kind: 'model' }], edges: g.edges };
  assert.match(refused(other, edge('cnn', 'model', 'honest', 'model')), /already has a connection/);
});

test('drawing the same connection twice is refused, even into an input that takes several', () => {
  const e = edge('honest', 'updates', 'agg', 'updates');
  assert.match(refused(graph([e]), e), /already connected/);
  const d = edge('data', 'data', 'split', 'data');
  assert.match(refused(graph([d]), d), /already connected/);
});

test('a node cannot feed itself', () => {
  assert.match(refused(graph(), edge('agg', 'global', 'agg', 'updates')), /cannot feed itself/);
});

test('a connection that would close a cycle is refused', () => {
  // A loaded file may hold edges the canvas would never draw; the cycle guard still holds.
  const g = graph([edge('honest', 'updates', 'agg', 'updates'), { source: 'agg', target: 'split' }]);
  assert.match(refused(g, edge('split', 'clients', 'honest', 'clients')), /cycle/);
});

test('a connection to a node that is not on the canvas is refused', () => {
  assert.match(refused(graph(), edge('data', 'data', 'ghost', 'data')), /must be nodes of this pipeline/);
});

test('every node kind has ports, and every port has a known type with a colour', () => {
  assert.deepEqual(Object.keys(PORTS).sort(), [...NODE_KINDS].sort());
  for (const kind of NODE_KINDS as readonly NodeKind[]) {
    for (const port of [...PORTS[kind].inputs, ...PORTS[kind].outputs]) {
      assert.ok(port.type in PORT_TYPES, `${kind}.${port.id} has an unknown type ${port.type}`);
    }
    const inputIds = PORTS[kind].inputs.map((p) => p.id);
    assert.equal(new Set(inputIds).size, inputIds.length, `${kind} has two inputs with one id`);
  }
  for (const [type, spec] of Object.entries(PORT_TYPES)) {
    assert.match(spec.color, /^#[0-9a-f]{6}$/i, `${type} colour`);
    assert.ok(spec.label.length > 0);
  }
  const colours = Object.values(PORT_TYPES).map((t) => t.color);
  assert.equal(new Set(colours).size, colours.length, 'each port type has its own colour');
});

test('only the aggregator input takes several connections; required inputs are the ones a run needs', () => {
  const multiple = NODE_KINDS.flatMap((k) => PORTS[k].inputs.filter((p) => p.multiple).map((p) => `${k}.${p.id}`));
  assert.deepEqual(multiple, ['aggregator.updates']);
  assert.deepEqual(
    PORTS.client.inputs.map((p) => [p.id, p.required]),
    [
      ['clients', true],
      ['model', true],
    ],
  );
  assert.deepEqual(PORTS.note, { inputs: [], outputs: [] });
});

/** Run → Serve in the workbench: when Serve is offered (and why not), and the Federation panel's client list. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import type { ServeClient, ServeStatus } from '../../../engine/host/hostApi.js';
import { clientRows, joinedCount, remoteClientNodeIds, serveBlocker, serveSummary, sinceText } from '../../../renderer/src/store/federationView.js';
import { runBlocker } from '../../../renderer/src/store/documentProblems.js';
import { createServeStore, servedTabKey, servedWarnings } from '../../../renderer/src/store/serveStore.js';
import { mnistTemplate } from './fixtures.js';

/** The MNIST template with its split's method replaced. */
function withSplit(params: Record<string, unknown>): PipelineDocument {
  const doc = mnistTemplate();
  return { ...doc, nodes: doc.nodes.map((n) => (n.kind === 'split' ? { ...n, params } : n)) };
}

const client = (seat: number, name: string, state: ServeClient['state'], lastSeen: number, examples = 100, backend: string | null = null): ServeClient => ({ seat, name, examples, backend, state, lastSeen });
const status = (clients: ServeClient[], serving = true, seats = 3): ServeStatus => ({ runId: 'run-1', joinUrl: 'ws://127.0.0.1:4000/join?token=t', pageUrl: 'http://127.0.0.1:4000/join#token=t', token: 't', serving, seats, clients });

test('Serve is offered only for a document with a remote split, and says why otherwise', () => {
  assert.equal(serveBlocker(null), 'Open a pipeline to serve it.');
  assert.match(serveBlocker(mnistTemplate())!, /needs a split with method `remote`/);
  assert.equal(serveBlocker(withSplit({ method: 'remote', numClients: 3 })), null);
});

test('Run is not offered for a document whose clients join over the network, and points to Serve', () => {
  assert.match(runBlocker(withSplit({ method: 'remote', numClients: 3 }))!, /press Serve/);
  assert.equal(runBlocker(mnistTemplate()), null, 'a simulated split runs');
});

test('a served document with an error cannot be served either, and says the error', () => {
  const doc = withSplit({ method: 'remote', numClients: 0 });
  const why = serveBlocker(doc);
  assert.ok(why && /numClients|client/i.test(why), String(why));
});

test('the client nodes fed by the remote split are the ones that count joined clients', () => {
  const doc = withSplit({ method: 'remote', numClients: 3 });
  const clients = doc.nodes.filter((n) => n.kind === 'client').map((n) => n.id);
  assert.ok(clients.length > 0);
  assert.deepEqual([...remoteClientNodeIds(doc)], clients);
  assert.deepEqual([...remoteClientNodeIds(mnistTemplate())], []);
});

test('joined counts the clients holding a seat now, not those lost or dropped', () => {
  const now = 1_000_000;
  assert.equal(joinedCount(null), null);
  assert.deepEqual(joinedCount(status([client(0, 'a', 'joined', now), client(1, 'b', 'training', now), client(2, 'c', 'lost', now)])), { joined: 2, seats: 3 });
  assert.equal(serveSummary(status([client(0, 'a', 'joined', now)])), 'Serving: 1 of 3 clients joined.');
  assert.match(serveSummary(status([], false)), /has ended/);
  assert.match(serveSummary(null), /Nothing is served/);
});

test('the panel lists clients by seat with their examples, backend, state and when they were last heard from', () => {
  const now = 10_000_000;
  const rows = clientRows([client(2, 'south', 'lost', now - 95_000, 1234, 'wasm'), client(0, '', 'training', now - 500, 100, 'webgl'), client(1, 'new', 'joined', now)], now);
  assert.deepEqual(
    rows.map((r) => [r.seat, r.name, r.examples, r.backend, r.stateText, r.lastSeen]),
    [
      [0, 'client 0', '100', 'webgl', 'training', 'now'],
      [1, 'new', '100', 'starting…', 'joined', 'now'],
      [2, 'south', '1,234', 'wasm', 'connection lost', '95 s ago'],
    ],
  );
  assert.equal(sinceText(now - 30 * 60_000, now), '30 min ago');
  assert.equal(sinceText(now - 5 * 3600_000, now), '5 h ago');
});

test('the federation this window served keeps its tab and warnings; another window\u2019s has none here', () => {
  const store = createServeStore();
  store.getState().served(status([]), 'tab-1', ['Warning: no TLS']);
  store.getState().update(null);
  assert.equal(servedTabKey(store.getState()), null, 'a stale answer does not belong to the tab');
  store.getState().update(status([client(0, 'a', 'joined', 1)]));
  assert.equal(servedTabKey(store.getState()), 'tab-1');
  assert.deepEqual(servedWarnings(store.getState()), ['Warning: no TLS']);
  store.getState().update({ ...status([]), runId: 'run-2' });
  assert.equal(servedTabKey(store.getState()), null);
  assert.deepEqual(servedWarnings(store.getState()), []);
});

/** Showing a run from its events: a live run after a reload (no event twice), a stored run, and read-only tabs. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HostRunEvent } from '../../../engine/host/hostApi.js';
import type { RoundRecord, RunEvent } from '../../../engine/run/events.js';
import { createRunStore } from '../../../renderer/src/store/runStore.js';
import { createDocumentsStore } from '../../../renderer/src/store/documentsStore.js';
import { mnistTemplate } from './fixtures.js';

const started: RunEvent = {
  type: 'run-started',
  runId: 'live-1',
  pipeline: 'MNIST with FedAvg',
  seed: 42,
  backend: 'wasm',
  workers: 2,
  federations: [
    { aggregatorId: 'fedavg', label: 'FedAvg', strategy: 'FedAvg', rounds: 3, clients: 2, groups: [{ clientNodeId: 'clients', splitId: 'split', clients: 2, behaviour: 'honest' }], weights: 100 },
  ],
  partitions: [],
};

const record = (round: number, accuracy: number): RoundRecord => ({
  aggregatorId: 'fedavg',
  round,
  participants: 2,
  dropped: 0,
  trainLoss: 1 / round,
  bytesUp: 800,
  bytesDown: 800,
  ms: 10,
  test: { examples: 10, loss: 2 / round, accuracy, perClassAccuracy: [], confusion: [] },
});
const evaluated = (r: number, a: number): RunEvent => ({ type: 'evaluated', aggregatorId: 'fedavg', round: r, record: record(r, a) });
const seqd = (events: RunEvent[], from = 0): HostRunEvent[] => events.map((event, i) => ({ runId: 'live-1', event, seq: from + i }));

test('a reloaded page shows a live run from its backlog, then follows it, applying no event twice', () => {
  const runs = createRunStore();
  const finishedClient: RunEvent = { type: 'client-finished', aggregatorId: 'fedavg', round: 1, clientId: 0, clientNodeId: 'clients', examples: 30, loss: 1, updateNorm: 1, bytesUp: 400, bytesDown: 400, ms: 5 };
  const backlog = seqd([started, { type: 'round-started', aggregatorId: 'fedavg', round: 1, sampled: [0, 1] }, finishedClient, evaluated(1, 0.4)]);
  runs.getState().replay('live-1', mnistTemplate(), 'tab-1', backlog);
  let s = runs.getState();
  assert.equal(s.status, 'running');
  assert.equal(s.runId, 'live-1');
  assert.equal(s.tabKey, 'tab-1');
  assert.deepEqual(s.federations.fedavg!.accuracy.map((p) => p.round), [1]);
  assert.equal(s.federations.fedavg!.clientLoss[0]!.length, 1);
  // The backlog's last events arrive live too (they crossed the answer), then round 2 and the end.
  runs.getState().receive([backlog[2]!, backlog[3]!, ...seqd([evaluated(2, 0.6)], 4)]);
  runs.getState().receive(seqd([{ type: 'finished', summary: { runId: 'live-1', pipeline: 'p', seed: 42, backend: 'wasm', workers: 2, wallMs: 10, federations: [] } }], 5));
  s = runs.getState();
  assert.deepEqual(s.federations.fedavg!.accuracy.map((p) => p.value), [0.4, 0.6]);
  assert.equal(s.federations.fedavg!.clientLoss[0]!.length, 1, 'client 0 finished round 1 once, however often its event arrived');
  assert.equal(s.status, 'finished');
});

test('another run’s events do not disturb a replayed run, and a new run starts its seqs afresh', () => {
  const runs = createRunStore();
  runs.getState().replay('live-1', mnistTemplate(), 'tab-1', seqd([started, evaluated(1, 0.4)]));
  runs.getState().receive([{ runId: 'other', event: evaluated(2, 0.9), seq: 9 }]);
  assert.deepEqual(runs.getState().federations.fedavg!.accuracy.map((p) => p.value), [0.4]);
  runs.getState().begin(mnistTemplate(), 'tab-2');
  runs.getState().receive([{ runId: 'next', event: { ...started, runId: 'next' }, seq: 0 }]);
  assert.equal(runs.getState().runId, 'next');
  assert.equal(runs.getState().status, 'running');
});

test('a stored run replayed from its event log (no seqs) redraws its charts and ends as it ended', () => {
  const runs = createRunStore();
  runs.getState().replay('live-1', mnistTemplate(), 'tab-1', [started, evaluated(1, 0.3), evaluated(2, 0.5), { type: 'cancelled', round: 3 }]);
  const s = runs.getState();
  assert.equal(s.status, 'cancelled');
  assert.deepEqual(s.federations.fedavg!.accuracy.map((p) => p.value), [0.3, 0.5]);
});

test('a run’s document opened read-only refuses every edit, and says which run it is', () => {
  const docs = createDocumentsStore(() => 'ro-1');
  const doc = mnistTemplate();
  docs.getState().openDocument({ name: 'MNIST · abc123', path: null, doc, readOnly: { runId: 'run-abc123' } });
  docs.getState().setParam('split', 'numClients', 99);
  docs.getState().deleteElements(['split']);
  docs.getState().moveNodes({ split: { x: 999, y: 999 } });
  const tab = docs.getState().tabs[0]!;
  assert.equal(tab.doc, doc);
  assert.deepEqual(tab.readOnly, { runId: 'run-abc123' });
});

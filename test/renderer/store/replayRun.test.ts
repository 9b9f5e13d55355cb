/** Showing runs this page did not start: a stored run opened from the Runs view, a live run after a reload. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LiveRun, StoredRun } from '../../../engine/host/hostApi.js';
import type { RunEvent } from '../../../engine/run/events.js';
import { createDocumentsStore } from '../../../renderer/src/store/documentsStore.js';
import { attachLiveRun, readOnlyRunTab, replayStoredRun } from '../../../renderer/src/store/replayRun.js';
import { createRunStore } from '../../../renderer/src/store/runStore.js';
import { isActive } from '../../../renderer/src/store/runState.js';
import { mnistTemplate } from './fixtures.js';

const started: RunEvent = {
  type: 'run-started',
  runId: 'mnist-20261202-010000-aaaaaa',
  pipeline: 'MNIST',
  seed: 42,
  backend: 'wasm',
  workers: 1,
  federations: [{ aggregatorId: 'fedavg', label: 'FedAvg', strategy: 'FedAvg', rounds: 3, clients: 2, groups: [], weights: 10 }],
  partitions: [],
};

let keys = 0;
const stores = () => ({ runs: createRunStore(), documents: createDocumentsStore(() => `tab-${++keys}`) });

const storedRun = (status: StoredRun['status'], events: RunEvent[]): StoredRun => ({
  id: 'mnist-20261202-010000-aaaaaa',
  name: 'MNIST',
  status,
  startedAt: '2026-12-02T01:00:00Z',
  durationMs: 1000,
  seed: 42,
  backend: 'wasm',
  federations: [],
  document: mnistTemplate(),
  manifest: {} as StoredRun['manifest'],
  events,
  history: {},
});

test('an interrupted run opens read-only as it stands, without passing for a run going in this page', async () => {
  const s = stores();
  const stored = storedRun('interrupted', [started]);
  replayStoredRun(s.runs, stored, readOnlyRunTab(s.documents, stored.id, stored.document, 'MNIST · aaaaaa'));
  const run = s.runs.getState();
  assert.equal(isActive(run), false, 'Run stays available');
  assert.equal(run.federationOrder[0], 'fedavg');
  assert.match(run.log.at(-1)!.text, /interrupted \(its process is gone\)/);
  const tab = s.documents.getState().tabs[0]!;
  assert.deepEqual(tab.readOnly, { runId: 'mnist-20261202-010000-aaaaaa' });
  // Opening it again focuses the same tab.
  readOnlyRunTab(s.documents, stored.id, stored.document, 'MNIST · aaaaaa');
  assert.equal(s.documents.getState().tabs.length, 1);
});

test('a page that loads while the host runs a paused run shows it running and paused, in a read-only tab', async () => {
  const live: LiveRun = { runId: started.type === 'run-started' ? started.runId : '', doc: mnistTemplate(), path: null, paused: true, events: [{ runId: 'mnist-20261202-010000-aaaaaa', event: started, seq: 0 }] };
  const s = stores();
  assert.ok(attachLiveRun(s.runs, s.documents, [live]));
  const run = s.runs.getState();
  assert.equal(run.status, 'running');
  assert.equal(run.paused, true);
  assert.equal(run.tabKey, s.documents.getState().activeKey);
  assert.equal(s.documents.getState().tabs[0]!.readOnly?.runId, live.runId);
});

test('with no live run, a loading page stays Ready', async () => {
  const s = stores();
  assert.equal(attachLiveRun(s.runs, s.documents, []), null);
  assert.equal(s.runs.getState().status, 'idle');
  assert.equal(s.documents.getState().tabs.length, 0);
});

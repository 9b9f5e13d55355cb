import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RoundRecord, RunEvent } from '../../../engine/run/events.js';
import { applyRunEvents, beginRun, runRefused } from '../../../renderer/src/store/runReducer.js';
import { createRunStore } from '../../../renderer/src/store/runStore.js';
import { mnistTemplate } from './fixtures.js';

const started: RunEvent = {
  type: 'run-started',
  runId: 'r1',
  pipeline: 'MNIST with FedAvg',
  seed: 42,
  backend: 'wasm',
  workers: 2,
  federations: [
    {
      aggregatorId: 'fedavg',
      label: 'FedAvg',
      strategy: 'FedAvg',
      rounds: 2,
      clients: 2,
      groups: [{ clientNodeId: 'clients', splitId: 'split', clients: 2, behaviour: 'honest' }],
      weights: 100,
    },
  ],
  partitions: [{ splitId: 'split', numClients: 2, labelCounts: [[3, 1], [0, 4]], holdoutSizes: [0, 0], classNames: ['0', '1'] }],
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

const round = (r: number, accuracy: number): RunEvent[] => [
  { type: 'round-started', aggregatorId: 'fedavg', round: r, sampled: [0, 1] },
  { type: 'client-finished', aggregatorId: 'fedavg', round: r, clientId: 0, clientNodeId: 'clients', examples: 30, loss: 1, updateNorm: 1, bytesUp: 400, bytesDown: 400, ms: 5 },
  { type: 'client-finished', aggregatorId: 'fedavg', round: r, clientId: 1, clientNodeId: 'clients', examples: 10, loss: 3, updateNorm: 1, bytesUp: 400, bytesDown: 400, ms: 5 },
  { type: 'aggregated', aggregatorId: 'fedavg', round: r, participants: 2, trainLoss: 1.5, ms: 1 },
  { type: 'evaluated', aggregatorId: 'fedavg', round: r, record: record(r, accuracy) },
];

test('a run starts with every node but notes queued', () => {
  const s = beginRun(mnistTemplate(), 'tab-1');
  assert.equal(s.status, 'starting');
  assert.deepEqual(Object.keys(s.nodes).sort(), ['clients', 'eval', 'fedavg', 'mlp', 'mnist', 'split']);
  assert.ok(Object.values(s.nodes).every((n) => n.status === 'queued'));
});

test('events move nodes through running round k/N to done and collect metrics per aggregator', () => {
  let s = applyRunEvents(beginRun(mnistTemplate(), 'tab-1'), [started, round(1, 0.5)[0]]);
  assert.equal(s.status, 'running');
  assert.equal(s.nodes.split.status, 'done');
  assert.deepEqual(s.partitions.split.labelCounts, [[3, 1], [0, 4]]);
  assert.deepEqual({ ...s.nodes.fedavg }, { status: 'running', round: 1, rounds: 2, progress: 0 });
  assert.equal(s.nodes.clients.status, 'running');
  s = applyRunEvents(s, round(1, 0.5).slice(1));
  assert.equal(s.nodes.eval.accuracy, 0.5);
  assert.deepEqual(s.clientNodeLoss.clients, [{ round: 1, value: 1.5 }], 'example-weighted mean of 1 (30) and 3 (10)');
  s = applyRunEvents(s, [...round(2, 0.8), { type: 'finished', summary: { runId: 'r1', pipeline: 'x', seed: 42, backend: 'wasm', workers: 2, wallMs: 1234, federations: [] } }]);
  const fed = s.federations.fedavg;
  assert.deepEqual(fed.accuracy, [{ round: 1, value: 0.5 }, { round: 2, value: 0.8 }]);
  assert.deepEqual(fed.trainLoss.map((p) => p.value), [1, 0.5]);
  assert.deepEqual(fed.clientLoss[1].map((p) => p.round), [1, 2]);
  assert.deepEqual(fed.bytesUp.map((p) => p.value), [800, 800]);
  assert.equal(s.status, 'finished');
  assert.ok(Object.values(s.nodes).every((n) => n.status === 'done'));
  assert.equal(s.nodes.eval.accuracy, 0.8);
});

test('a failure marks the node at fault, and a stop leaves nothing running', () => {
  const failed = applyRunEvents(beginRun(mnistTemplate(), 'tab-1'), [
    started,
    { type: 'failed', message: 'Too many clients', nodeId: 'split', field: 'params.numClients' },
  ]);
  assert.equal(failed.status, 'failed');
  assert.equal(failed.nodes.split.status, 'error');
  assert.equal(failed.nodes.split.message, 'Too many clients');
  assert.match(failed.log.at(-1)!.text, /Too many clients/);
  assert.deepEqual(failed.error?.problems, [{ severity: 'error', message: 'Too many clients', nodeId: 'split', field: 'params.numClients' }]);
  const stopped = applyRunEvents(beginRun(mnistTemplate(), 'tab-1'), [started, round(1, 0.4)[0], { type: 'cancelled', round: 1 }]);
  assert.equal(stopped.status, 'cancelled');
  assert.ok(Object.values(stopped.nodes).every((n) => n.status !== 'running'));
});

test('a failure listing its problems marks every node at fault and keeps them all', () => {
  // The engine's newer failed event lists every problem; `problems` is not in this event type yet.
  const event = {
    type: 'failed',
    message: 'error node split params.numClients: Too many clients\nerror node mnist params.path: No such file',
    nodeId: 'split',
    field: 'params.numClients',
    problems: [
      { severity: 'error', nodeId: 'split', field: 'params.numClients', message: 'Too many clients' },
      { severity: 'error', nodeId: 'mnist', field: 'params.path', message: 'No such file' },
      { severity: 'error', nodeId: 'mnist', message: 'Cannot be read' },
      { severity: 'warning', message: 'Slow backend' },
    ],
  } as RunEvent;
  const failed = applyRunEvents(beginRun(mnistTemplate(), 'tab-1'), [started, event]);
  assert.equal(failed.error?.problems.length, 4);
  assert.deepEqual(failed.error?.problems.map((p) => p.field), ['params.numClients', 'params.path', undefined, undefined]);
  assert.equal(failed.nodes.split.status, 'error');
  assert.equal(failed.nodes.split.message, 'Too many clients');
  assert.equal(failed.nodes.mnist.status, 'error');
  assert.equal(failed.nodes.mnist.message, 'No such file\nCannot be read');
  // The message lists the first two; the Output gets a line for each of the others.
  const lines = failed.log.map((l) => l.text);
  assert.equal(lines.filter((l) => /Too many clients/.test(l)).length, 1);
  assert.ok(lines.includes('error node mnist: Cannot be read'), JSON.stringify(lines));
  assert.ok(lines.includes('warning Slow backend'), JSON.stringify(lines));
});

test('a refused run keeps the problems the host named, on their nodes', () => {
  const problems = [{ severity: 'error' as const, nodeId: 'mnist', field: 'params.path', message: "'/etc/passwd' is outside the workspace folder." }];
  const refused = runRefused(beginRun(mnistTemplate(), 'tab-1'), 'The pipeline cannot run:', problems);
  assert.equal(refused.status, 'failed');
  assert.deepEqual(refused.error, { message: 'The pipeline cannot run:', problems });
  assert.equal(refused.nodes.mnist.status, 'error');
  assert.match(refused.log.at(-1)!.text, /node mnist params\.path: '\/etc\/passwd' is outside/);
  const plain = runRefused(beginRun(mnistTemplate(), 'tab-1'), 'The engine stopped.');
  assert.deepEqual(plain.error, { message: 'The engine stopped.', problems: [] });
  assert.equal(plain.log.at(-1)!.text, 'Could not start: The engine stopped.');
});

test('the run store takes only its own run\'s events, adopting the first run id while starting', () => {
  const store = createRunStore();
  store.getState().begin(mnistTemplate(), 'tab-1', { startPaused: true });
  assert.equal(store.getState().paused, true);
  store.getState().receive([{ runId: 'r1', event: started }, { runId: 'other', event: { type: 'cancelled', round: 0 } }]);
  assert.equal(store.getState().runId, 'r1');
  assert.equal(store.getState().status, 'running');
  store.getState().receive([{ runId: 'other', event: { type: 'cancelled', round: 0 } }]);
  assert.equal(store.getState().status, 'running');
  store.getState().receive([{ runId: 'r1', event: { type: 'resumed', round: 0 } }]);
  assert.equal(store.getState().paused, false);
});

test('a client that fails marks its client node with the count and the reason, and logs it; the next round starts clean', () => {
  const doc = mnistTemplate();
  const failed = (clientId: number, round: number): RunEvent => ({
    type: 'client-failed',
    aggregatorId: 'fedavg',
    round,
    clientId,
    clientNodeId: 'clients',
    code: 'lost',
    message: 'its worker thread stopped (exit code 1) while it trained',
  });
  let s = applyRunEvents(beginRun(doc, 'tab'), [started, { type: 'round-started', aggregatorId: 'fedavg', round: 1, sampled: [0, 1] }, failed(0, 1), failed(1, 1)]);
  assert.deepEqual(s.nodes.clients.failed, { round: 1, count: 2, last: 'client 1 lost: its worker thread stopped (exit code 1) while it trained' });
  assert.ok(s.log.some((l) => l.level === 'warning' && /FedAvg round 1: client 0 lost/.test(l.text)));
  assert.equal(s.nodes.fedavg.progress !== undefined, true);
  s = applyRunEvents(s, [{ type: 'round-started', aggregatorId: 'fedavg', round: 2, sampled: [0, 1] }]);
  assert.equal(s.nodes.clients.failed, undefined);
});

test("each round's Output line tells the bytes its clients sent and received", () => {
  const s = applyRunEvents(beginRun(mnistTemplate(), 'tab-1'), [started, ...round(1, 0.5)]);
  const line = s.log.find((l) => /^FedAvg round 1\/2:/.test(l.text));
  assert.ok(line, 'the round line');
  assert.match(line.text, /2 clients ↑800 B ↓800 B 10 ms$/);
});

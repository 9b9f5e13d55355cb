import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RoundRecord, RunEvent } from '../../../engine/run/events.js';
import { axisPositions, chartPoints } from '../../../renderer/src/store/metricsAxis.js';
import { epsilonLabel, hasEpsilon, nodePrivacyText } from '../../../renderer/src/store/privacyMetrics.js';
import { applyRunEvents, beginRun } from '../../../renderer/src/store/runReducer.js';
import type { RunState } from '../../../renderer/src/store/runState.js';
import { mnistTemplate } from './fixtures.js';

const started: RunEvent = {
  type: 'run-started',
  runId: 'r1',
  pipeline: 'MNIST with FedAvg',
  seed: 42,
  backend: 'wasm',
  workers: 1,
  federations: [
    {
      aggregatorId: 'fedavg',
      label: 'FedAvg',
      strategy: 'FedAvg',
      rounds: 3,
      clients: 2,
      groups: [{ clientNodeId: 'clients', splitId: 'split', clients: 2, behaviour: 'honest' }],
      weights: 100,
      privacy: 'server-fixed',
    },
  ],
  partitions: [],
};

const record = (round: number, epsilon?: number): RoundRecord => ({
  aggregatorId: 'fedavg',
  round,
  participants: 2,
  dropped: 0,
  trainLoss: 1,
  bytesUp: 1000,
  bytesDown: 500,
  ms: 10,
  ...(epsilon !== undefined ? { epsilon, samplingRate: 1, clipNorm: 1 } : {}),
});

const round = (r: number, epsilon?: number): RunEvent[] => [
  { type: 'round-started', aggregatorId: 'fedavg', round: r, sampled: [0, 1] },
  { type: 'aggregated', aggregatorId: 'fedavg', round: r, participants: 2, trainLoss: 1, ms: 1, ...(epsilon !== undefined ? { epsilon } : {}) },
  { type: 'evaluated', aggregatorId: 'fedavg', round: r, record: record(r, epsilon) },
];

/** A run of the MNIST template whose aggregator accounts at δ = `delta` (the engine's default where undefined). */
function run(events: RunEvent[], delta?: number): RunState {
  const doc = mnistTemplate();
  if (delta !== undefined) {
    const agg = doc.nodes.find((n) => n.id === 'fedavg');
    if (!agg) throw new Error('template has no fedavg');
    agg.params = { ...(agg.params as object), privacy: 'server-fixed', delta } as typeof agg.params;
  }
  return applyRunEvents(beginRun(doc, 'tab-1'), [started, ...events]);
}

test("the ε chart draws each federation's ε per round from its records, on the chosen axis, labelled with its δ", () => {
  const s = run([...round(1, 0.42), ...round(2, 0.61)], 1e-6);
  const fed = s.federations.fedavg;
  assert.deepEqual(fed.epsilon, [{ round: 1, value: 0.42 }, { round: 2, value: 0.61 }]);
  assert.ok(hasEpsilon([fed]));
  assert.deepEqual(chartPoints(fed.epsilon, 'uplink', axisPositions(fed.records, 'uplink')), [{ x: 1000, y: 0.42 }, { x: 2000, y: 0.61 }]);
  assert.equal(epsilonLabel(fed), 'FedAvg (δ 1e-6)');
});

test('a run without differential privacy has no ε chart', () => {
  const s = run([...round(1), ...round(2)]);
  assert.deepEqual(s.federations.fedavg.epsilon, []);
  assert.equal(hasEpsilon([s.federations.fedavg]), false);
  assert.equal(s.nodes.fedavg.privacy, undefined, 'no ε chip on the aggregator');
});

test("the aggregator node shows its federation's ε at δ as soon as a round is aggregated, through the next round and after the run", () => {
  let s = run(round(1, 1.7).slice(0, 2));
  const privacy = s.nodes.fedavg.privacy;
  assert.ok(privacy);
  assert.equal(nodePrivacyText(privacy), 'ε 1.70 at δ 1e-5');
  s = applyRunEvents(s, [...round(1, 1.7).slice(2), round(2, 2.3)[0]]);
  assert.equal(s.nodes.fedavg.status, 'running');
  assert.equal(nodePrivacyText(s.nodes.fedavg.privacy!), 'ε 1.70 at δ 1e-5', 'kept while round 2 runs');
  s = applyRunEvents(s, [...round(2, 2.3).slice(1), { type: 'finished', summary: { runId: 'r1', pipeline: 'x', seed: 42, backend: 'wasm', workers: 1, wallMs: 10, federations: [] } }]);
  assert.equal(s.nodes.fedavg.status, 'done');
  assert.equal(nodePrivacyText(s.nodes.fedavg.privacy!), 'ε 2.30 at δ 1e-5');
});

test('a federation stopped by its ε budget says so in Output and on its aggregator node', () => {
  const message = 'FedAvg stopped before round 3: it would take ε from 2.300 to 2.900 (δ = 0.00001), past the epsilonBudget of 2.5. The other federations go on.';
  const s = run([...round(1, 1.7), ...round(2, 2.3), { type: 'privacy-budget', aggregatorId: 'fedavg', round: 3, epsilon: 2.3, next: 2.9, budget: 2.5, message }]);
  assert.deepEqual(s.log.at(-1), { level: 'warning', text: message });
  assert.equal(nodePrivacyText(s.nodes.fedavg.privacy!), 'ε 2.30 at δ 1e-5 · budget 2.5 reached');
});

/** The aggregator node's gradient-leakage preview: the attack's event lands on its node, with the figures in one line. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunEvent } from '../../../engine/run/events.js';
import { leakageText } from '../../../renderer/src/store/gradientLeakage.js';
import { applyRunEvents, beginRun } from '../../../renderer/src/store/runReducer.js';
import { mnistTemplate } from './fixtures.js';

const leakage: RunEvent = {
  type: 'gradient-leakage',
  aggregatorId: 'fedavg',
  method: 'analytic',
  round: 1,
  clientId: 0,
  clientNodeId: 'clients',
  examples: 1,
  shape: [2, 2],
  real: [0, 1, 0.5, 0],
  reconstruction: [0, 0.9, 0.5, 0.1],
  trueLabel: 7,
  inferredLabel: 7,
  ssim: 0.93,
  mse: 0.005,
};

test('the attack’s real and reconstructed images land on the aggregator node that ran it', () => {
  const state = applyRunEvents(beginRun(mnistTemplate(), 'tab'), [leakage]);
  const node = state.nodes.fedavg;
  assert.deepEqual(node.leakage?.real, [0, 1, 0.5, 0]);
  assert.deepEqual(node.leakage?.reconstruction, [0, 0.9, 0.5, 0.1]);
  assert.deepEqual(node.leakage?.shape, [2, 2]);
  assert.equal(state.nodes.clients.leakage, undefined);
});

test('the node keeps the attack’s result through the rounds that follow', () => {
  const round = (r: number): RunEvent[] => [
    { type: 'round-started', aggregatorId: 'fedavg', round: r, sampled: [0] },
    {
      type: 'evaluated',
      aggregatorId: 'fedavg',
      round: r,
      record: { aggregatorId: 'fedavg', round: r, participants: 1, dropped: 0, trainLoss: 1, bytesUp: 1, bytesDown: 1, ms: 1 },
    },
  ];
  const doc = mnistTemplate();
  const started: RunEvent = {
    type: 'run-started',
    runId: 'r',
    pipeline: doc.name,
    seed: 1,
    backend: 'wasm',
    workers: 1,
    federations: [{ aggregatorId: 'fedavg', label: 'FedAvg', strategy: 'FedAvg', rounds: 3, clients: 1, groups: [{ clientNodeId: 'clients', splitId: 'split', clients: 1, behaviour: 'honest' }], weights: 1 }],
    partitions: [],
  };
  const state = applyRunEvents(beginRun(doc, 'tab'), [started, round(1)[0], leakage, round(1)[1], ...round(2)]);
  assert.equal(state.nodes.fedavg.round, 2);
  assert.equal(state.nodes.fedavg.leakage?.ssim, 0.93);
});

test('the node’s line says whether the label was right, and the SSIM and MSE', () => {
  assert.equal(leakageText({ trueLabel: 7, inferredLabel: 7, ssim: 0.9996, mse: 0.00001 }), 'label 7 → 7 ✓ · SSIM 1.00 · MSE 0.0000');
  assert.equal(leakageText({ trueLabel: 7, inferredLabel: 2, ssim: 0.018, mse: 0.16 }), 'label 7 → 2 ✗ · SSIM 0.02 · MSE 0.1600');
});

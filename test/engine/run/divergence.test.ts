/** One federation blowing up does not take the others down with it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunEvent } from '../../../engine/run/events.js';
import { startRun } from '../../../engine/run/run.js';
import { FORMAT_TAG, pipelineDocument } from '../../../engine/format/pipeline.js';

/** Two aggregators on the same clients: plain FedAvg, and FedAvgM with a server step that overflows float32. */
function twoFederations() {
  const nodes = [
    { id: 'data', kind: 'dataset', params: { source: 'mnist', trainSize: 300, testSize: 100 } },
    { id: 'split', kind: 'split', params: { method: 'iid', numClients: 3 } },
    { id: 'model', kind: 'model', params: { arch: 'mlp', hidden: [16] } },
    { id: 'calm', kind: 'client', params: { learningRate: 0.05 } },
    { id: 'wild', kind: 'client', params: { learningRate: 0.05 } },
    { id: 'aggCalm', kind: 'aggregator', label: 'Calm', params: { strategy: 'FedAvg', rounds: 4 } },
    { id: 'aggWild', kind: 'aggregator', label: 'Wild', params: { strategy: 'FedAvgM', rounds: 4, serverLearningRate: 1e30, serverMomentum: 0 } },
    { id: 'evalCalm', kind: 'evaluate', params: { federated: false } },
    { id: 'evalWild', kind: 'evaluate', params: { federated: false } },
  ];
  const edge = (source: string, sourceHandle: string, target: string, targetHandle: string) => ({
    id: `${source}-${target}`,
    source,
    sourceHandle,
    target,
    targetHandle,
  });
  const edges = [
    edge('data', 'data', 'split', 'data'),
    ...['calm', 'wild'].flatMap((c) => [edge('split', 'clients', c, 'clients'), edge('model', 'model', c, 'model')]),
    edge('calm', 'updates', 'aggCalm', 'updates'),
    edge('wild', 'updates', 'aggWild', 'updates'),
    edge('aggCalm', 'global', 'evalCalm', 'global'),
    edge('aggWild', 'global', 'evalWild', 'global'),
  ];
  return pipelineDocument.parse({ format: FORMAT_TAG, name: 'divergence', seed: 3, nodes, edges });
}

describe('divergence', () => {
  it('a federation whose weights stop being finite stops, says why, and the others finish', async () => {
    const run = startRun(twoFederations(), { baseDir: '.', workers: 2, backend: 'wasm' });
    const events: RunEvent[] = [];
    run.on((e) => events.push(e));
    const summary = await run.done;
    const diverged = events.filter((e): e is Extract<RunEvent, { type: 'diverged' }> => e.type === 'diverged');
    assert.equal(diverged.length, 1);
    assert.equal(diverged[0].aggregatorId, 'aggWild');
    assert.match(diverged[0].message, /diverged in round \d/);
    const [calm, wild] = summary.federations;
    assert.equal(calm.history.length, 4);
    assert.ok(calm.final.accuracy !== null && calm.final.accuracy > 0.3);
    assert.equal(wild.divergedAt, diverged[0].round);
    assert.equal(wild.history.length, diverged[0].round);
    assert.equal(wild.history.at(-1)?.diverged, true);
  });
});

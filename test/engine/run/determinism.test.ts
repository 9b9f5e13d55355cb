/** Same document + same seed + same backend = the same numbers, whatever the number of workers. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunSummary } from '../../../engine/run/events.js';
import { runPipeline } from '../../../engine/run/run.js';
import { federation } from './pipelines.js';

const doc = (seed: number) =>
  federation({
    seed,
    dataset: { source: 'mnist', trainSize: 600, testSize: 200 },
    split: { method: 'dirichlet', numClients: 6, alpha: 0.5, minPartitionSize: 5, holdoutFraction: 0.2 },
    clients: [{ fraction: 0.5, minClients: 2, batchSize: 16, learningRate: 0.05 }],
    // Server momentum on (Flower's default is 0), so the strategy carries state across rounds.
    aggregator: { strategy: 'FedAvgM', rounds: 3, serverMomentum: 0.9 },
    evaluate: { federated: true },
  });

const numbers = (s: RunSummary) => s.federations[0].history.map(({ ms: _ms, ...rest }) => rest);

describe('determinism', () => {
  it('gives identical metrics with 1 and 2 workers', async () => {
    const one = await runPipeline(doc(11), { baseDir: '.', workers: 1, backend: 'wasm' });
    const two = await runPipeline(doc(11), { baseDir: '.', workers: 2, backend: 'wasm' });
    assert.deepEqual(numbers(two), numbers(one));
  });

  it('gives other numbers with another seed', async () => {
    const a = await runPipeline(doc(11), { baseDir: '.', workers: 2, backend: 'wasm' });
    const b = await runPipeline(doc(12), { baseDir: '.', workers: 2, backend: 'wasm' });
    assert.notDeepEqual(numbers(a), numbers(b));
  });
});

/**
 * The federation learns as federated learning should: the shapes McMahan et al. (2017) report, on the
 * 10,000 real digits of the `mnist` package (8,000 train / 2,000 test). Shapes, not timings.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { RunSummary } from '../../../engine/run/events.js';
import { runPipeline } from '../../../engine/run/run.js';
import { federation, type FederationSpec } from './pipelines.js';

const mnist = { source: 'mnist', trainSize: 8000, testSize: 2000 };
const seedMlp = { arch: 'mlp', hidden: [128, 64], activation: 'relu' };
/** The seed document's training loop: SGD lr 0.01 momentum 0.9, one epoch of batches of 32. */
const seedClients = { localEpochs: 1, batchSize: 32, optimizer: 'momentum', learningRate: 0.01, momentum: 0.9 };

function run(spec: FederationSpec): Promise<RunSummary> {
  return runPipeline(federation({ dataset: mnist, model: seedMlp, seed: 42, ...spec }), { baseDir: '.', workers: 2, backend: 'wasm' });
}

const accuracies = (s: RunSummary) => s.federations[0].history.map((r) => r.test!.accuracy);
const roundsToReach = (s: RunSummary, target: number) => {
  const i = accuracies(s).findIndex((a) => a >= target);
  return i === -1 ? Infinity : i + 1;
};

describe('learning on MNIST', () => {
  let iid: RunSummary;
  before(async () => {
    iid = await run({ split: { method: 'iid', numClients: 10 }, clients: [seedClients], aggregator: { strategy: 'FedAvg', rounds: 10 } });
  });

  it("the seed's MLP with FedAvg on 10 IID clients passes 90% test accuracy within 10 rounds", () => {
    assert.ok(roundsToReach(iid, 0.9) <= 10, `accuracy by round: ${accuracies(iid).join(', ')}`);
  });

  it('test accuracy climbs round over round', () => {
    const acc = accuracies(iid);
    assert.ok(acc[4] > acc[0] + 0.15, `accuracy by round: ${acc.join(', ')}`);
    assert.ok(acc[9] >= acc[4], `accuracy by round: ${acc.join(', ')}`);
  });

  it('clients that each hold only 2 classes (pathological split) learn clearly slower than IID clients', async () => {
    const skewed = await run({
      split: { method: 'pathological', numClients: 10, classesPerClient: 2 },
      clients: [seedClients],
      aggregator: { strategy: 'FedAvg', rounds: 10 },
    });
    const a = accuracies(skewed);
    const b = accuracies(iid);
    assert.ok(a[9] < b[9] - 0.05, `pathological ${a.join(', ')} vs IID ${b.join(', ')}`);
    assert.ok(a[4] < b[4] - 0.05, `pathological ${a.join(', ')} vs IID ${b.join(', ')}`);
  });

  it('FedAvg (E=5, B=10) needs at least 10× fewer rounds than FedSGD to reach 80% accuracy', async () => {
    const split = { method: 'iid', numClients: 10 };
    const fedAvg = await run({
      split,
      clients: [{ localEpochs: 5, batchSize: 10, optimizer: 'sgd', learningRate: 0.1 }],
      aggregator: { strategy: 'FedAvg', rounds: 2 },
    });
    const fedSgd = await run({
      split,
      clients: [{ localEpochs: 1, batchSize: 'full', optimizer: 'sgd', learningRate: 0.1 }],
      aggregator: { strategy: 'FedAvg', rounds: 20 },
    });
    const avgRounds = roundsToReach(fedAvg, 0.8);
    assert.ok(avgRounds <= 2, `FedAvg accuracy: ${accuracies(fedAvg).join(', ')}`);
    // FedSGD has not got there after 10× as many rounds.
    assert.equal(roundsToReach(fedSgd, 0.8), Infinity, `FedSGD accuracy: ${accuracies(fedSgd).join(', ')}`);
    assert.ok(accuracies(fedSgd)[19] > accuracies(fedSgd)[0], 'FedSGD still learns, only slowly');
  });
});

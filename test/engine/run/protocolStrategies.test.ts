/** Strategies that need more than one rule, run as real federations: SCAFFOLD's stateful clients, q-FedAvg's losses. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runPipeline } from '../../../engine/run/run.js';
import { federation } from './pipelines.js';

const equalClients = (aggregator: Record<string, unknown>) =>
  federation({
    dataset: { source: 'mnist', trainSize: 600, testSize: 200 },
    // 600 rows in 6 IID clients: 100 each, so FedAvg's weighting by examples is an unweighted mean.
    split: { method: 'iid', numClients: 6 },
    model: { arch: 'mlp', hidden: [16] },
    clients: [{ optimizer: 'sgd', learningRate: 0.05, localEpochs: 2 }],
    aggregator: { rounds: 2, ...aggregator },
  });

describe('protocol strategies in a run', () => {
  it('SCAFFOLD matches FedAvg in round 1 (every control variate is zero), then its clients\' variates change the model', async () => {
    const scaffold = await runPipeline(equalClients({ strategy: 'SCAFFOLD' }), { baseDir: '.', workers: 2, backend: 'wasm' });
    const fedavg = await runPipeline(equalClients({ strategy: 'FedAvg' }), { baseDir: '.', workers: 2, backend: 'wasm' });
    const [s1, s2] = scaffold.federations[0].history;
    const [f1, f2] = fedavg.federations[0].history;
    assert.equal(s1.trainLoss, f1.trainLoss, 'the same local training in round 1');
    assert.ok(Math.abs(s1.test!.loss - f1.test!.loss) < 1e-5, `round 1 test loss ${s1.test!.loss} vs ${f1.test!.loss}`);
    // In round 2 the clients train along g − c_i + c with the variates they kept from round 1.
    assert.notEqual(s2.trainLoss, f2.trainLoss);
    // Control variates travel both ways: twice FedAvg's bytes.
    assert.equal(s1.bytesUp, 2 * f1.bytesUp);
    assert.equal(s1.bytesDown, 2 * f1.bytesDown);
  });

  it('SCAFFOLD gives the same numbers with 1 and 2 workers', async () => {
    const numbers = async (workers: number) =>
      (await runPipeline(equalClients({ strategy: 'SCAFFOLD' }), { baseDir: '.', workers, backend: 'wasm' })).federations[0].history.map(
        ({ ms: _ms, ...rest }) => rest,
      );
    assert.deepEqual(await numbers(2), await numbers(1));
  });

  it('q-FedAvg trains with the clients\' losses before training and moves the model', async () => {
    const summary = await runPipeline(equalClients({ strategy: 'QFedAvg', q: 1 }), { baseDir: '.', workers: 2, backend: 'wasm' });
    const [r1, r2] = summary.federations[0].history;
    assert.equal(r1.participants, 6);
    assert.ok(Number.isFinite(r2.test!.loss));
    assert.ok(r2.test!.loss < r1.test!.loss + 0.5, 'no blow-up');
    assert.notEqual(r2.test!.loss, r1.test!.loss);
  });
});

/**
 * Validation of the gradient-inversion attack: refused on table data, on a CNN and under secure aggregation
 * (errors on the aggregator's inversionAttack); warned where the attacked clients take several steps, Adam
 * steps or several examples, naming the node and field to change.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Problem } from '../../../engine/format/problems.js';
import { validatePipeline } from '../../../engine/format/validate.js';
import { federation, type FederationSpec } from '../run/pipelines.js';

const ATTACK = { strategy: 'FedAvg', rounds: 1, inversionAttack: 'analytic' };
/** One MNIST digit per client, one SGD step: what the attack is exact for. */
const FAITHFUL: FederationSpec = {
  dataset: { source: 'mnist', trainSize: 8, testSize: 100 },
  split: { method: 'iid', numClients: 8 },
  clients: [{ localEpochs: 1, batchSize: 1, optimizer: 'sgd' }],
  aggregator: ATTACK,
};
const problems = (spec: FederationSpec): Problem[] => validatePipeline(federation({ ...FAITHFUL, ...spec }));
const where = (list: Problem[]) => list.map((p) => `${p.severity} ${p.nodeId} ${p.field}`);

describe('validating the gradient-inversion attack', () => {
  it('accepts one SGD step on one MNIST digit per client, with or without DP, for MLP and logistic models', () => {
    assert.deepEqual(problems({}), []);
    assert.deepEqual(problems({ model: { arch: 'logistic' } }), []);
    assert.deepEqual(problems({ aggregator: { ...ATTACK, privacy: 'local', clipNorm: 1, noiseMultiplier: 1, delta: 1e-3 } }), []);
  });

  it('accepts DLG with its iterations and step size', () => {
    assert.deepEqual(problems({ aggregator: { ...ATTACK, inversionAttack: 'dlg', attackIterations: 50, attackLearningRate: 0.05 } }), []);
  });

  it('warns of DLG settings given to the analytic inversion, which has no optimiser', () => {
    const found = problems({ aggregator: { ...ATTACK, attackIterations: 50 } });
    assert.deepEqual(where(found), ['warning agg params.attackIterations']);
    assert.match(found[0].message, /sets DLG's optimiser; the analytic inversion has none/);
  });

  it('refuses table data: it reconstructs images', () => {
    const found = problems({ dataset: { source: 'synthetic', devices: 8 } });
    assert.deepEqual(where(found), ['error agg params.inversionAttack']);
    assert.match(found[0].message, /reconstructs images, but client 'clients0' trains on dataset 'data', a synthetic data set of table rows/);
  });

  it('refuses a CNN, whose first layer is a convolution, for either attack', () => {
    assert.deepEqual(where(problems({ model: { arch: 'cnn' }, aggregator: { ...ATTACK, inversionAttack: 'dlg' } })), ['error agg params.inversionAttack']);
    const found = problems({ model: { arch: 'cnn' } });
    assert.deepEqual(where(found), ['error agg params.inversionAttack']);
    assert.match(found[0].message, /need a dense model .* but model 'model' is a CNN, whose first layer is a convolution/);
  });

  it('refuses secure aggregation, which hides each update from the server', () => {
    const found = problems({ aggregator: { ...ATTACK, secureAggregation: true } }).filter((p) => p.field === 'params.inversionAttack');
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, 'error');
    assert.match(found[0].message, /learns only the sum of the round's updates/);
  });

  it('warns, on the client node, of several local steps and of Adam', () => {
    const found = problems({ clients: [{ localEpochs: 3, batchSize: 1, optimizer: 'adam' }] });
    assert.deepEqual(where(found), ['warning clients0 params.localEpochs', 'warning clients0 params.optimizer']);
    assert.match(found[0].message, /exact for a single local step; with localEpochs 3/);
    assert.match(found[1].message, /an Adam step rescales each coordinate/);
  });

  it('warns, on the split, when each client holds several digits', () => {
    const found = problems({ dataset: { source: 'mnist', trainSize: 40, testSize: 100 } });
    assert.deepEqual(where(found), ['warning split params.numClients']);
    assert.match(found[0].message, /split 'split' gives each of its 8 clients about 5 training examples \(40 in dataset 'data'\).*Set numClients to 40/);
  });

  it('warns of an attackClient the federation does not have, and of one set without an attack', () => {
    assert.deepEqual(where(problems({ aggregator: { ...ATTACK, attackClient: 8 } })), ['warning agg params.attackClient']);
    assert.deepEqual(where(problems({ aggregator: { strategy: 'FedAvg', rounds: 1, attackClient: 2 } })), ['warning agg params.attackClient']);
  });
});

/** The weight layout computed without TensorFlow.js matches the models TensorFlow.js builds. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { modelParams } from '../../../engine/format/params.js';
import { buildModel } from '../../../engine/model/buildModel.js';
import { initialWeights } from '../../../engine/model/initialWeights.js';
import { weightCount, weightLayout, type ModelSpec } from '../../../engine/model/modelSpec.js';
import { startBackend } from '../../../engine/train/backend.js';

const specs: Record<string, ModelSpec> = {
  "the seed's MLP 784-128-64-10 on images": { params: modelParams.parse({ arch: 'mlp' }), inputShape: [28, 28, 1], numClasses: 10 },
  'an MLP on table rows': { params: modelParams.parse({ arch: 'mlp', hidden: [20] }), inputShape: [30], numClasses: 2 },
  'logistic regression on table rows': { params: modelParams.parse({ arch: 'logistic' }), inputShape: [60], numClasses: 10 },
  "the FedAvg paper's CNN": { params: modelParams.parse({ arch: 'cnn' }), inputShape: [28, 28, 1], numClasses: 10 },
};

describe('model layout', () => {
  before(() => startBackend('wasm'));

  for (const [name, spec] of Object.entries(specs)) {
    it(`${name}: the layout lists tfjs's weights in order, with their shapes`, () => {
      const model = buildModel(spec);
      assert.deepEqual(
        model.getWeights().map((w) => w.shape),
        weightLayout(spec).map((e) => e.shape),
      );
      model.dispose();
    });
  }

  it("the seed's MLP has 784·128+128 + 128·64+64 + 64·10+10 = 109,386 weights", () => {
    assert.equal(weightCount(specs["the seed's MLP 784-128-64-10 on images"]), 109386);
  });

  it("the FedAvg CNN has about 1.66 million weights, as in McMahan et al.", () => {
    assert.equal(weightCount(specs["the FedAvg paper's CNN"]), 1663370);
  });

  it('initial weights are seeded: Glorot-uniform kernels within their limit, zero biases', () => {
    const spec = specs['an MLP on table rows'];
    const a = initialWeights(spec, 5);
    assert.deepEqual(initialWeights(spec, 5), a);
    assert.notDeepEqual(initialWeights(spec, 6), a);
    const limit = Math.sqrt(6 / (30 + 20));
    assert.ok(a.subarray(0, 600).every((v) => Math.abs(v) <= limit));
    assert.ok(a.subarray(600, 620).every((v) => v === 0));
  });
});

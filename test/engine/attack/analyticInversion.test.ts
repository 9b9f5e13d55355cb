/**
 * The analytic inversion of a first dense layer: exact for one SGD step on one example, on the formula's
 * own terms and on a real step of the engine's MLP and logistic models (trained by the worker's ModelRunner).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { invertFirstDense } from '../../../engine/attack/analyticInversion.js';
import { gradientLeakage } from '../../../engine/attack/gradientLeakage.js';
import { clientParams, modelParams } from '../../../engine/format/params.js';
import { initialWeights } from '../../../engine/model/initialWeights.js';
import type { ModelSpec } from '../../../engine/model/modelSpec.js';
import { Rng } from '../../../engine/random/rng.js';
import { startBackend } from '../../../engine/train/backend.js';
import { ModelRunner } from '../../../engine/train/modelRunner.js';

describe('invertFirstDense', () => {
  it('recovers x from ΔW = −lr·x·δᵀ and Δb = −lr·δ, units that did not fire included', () => {
    const x = [0.2, 0, 0.9, 0.5];
    const delta = [0.3, 0, -1.2]; // the middle unit was inactive (ReLU): its bias did not move
    const lr = 0.05;
    const kernel = x.flatMap((xi) => delta.map((d) => -lr * xi * d));
    const { input, activeUnits } = invertFirstDense(kernel, delta.map((d) => -lr * d));
    assert.equal(activeUnits, 2);
    x.forEach((xi, i) => assert.ok(Math.abs(input[i] - xi) < 1e-12, `x[${i}] ${input[i]} vs ${xi}`));
  });

  it('returns the examples’ mix, weighted by their bias gradients, for a step on two examples', () => {
    const [x1, x2] = [[1, 0], [0, 1]];
    const [d1, d2] = [[1, 0], [0, 1]]; // two examples that fire different units
    const kernel = [0, 1].flatMap((i) => [0, 1].map((j) => x1[i] * d1[j] + x2[i] * d2[j]));
    const { input } = invertFirstDense(kernel, [d1[0] + d2[0], d1[1] + d2[1]]);
    assert.deepEqual(Array.from(input), [0.5, 0.5]);
  });

  it('gives zeros where no bias moved', () => {
    assert.deepEqual(Array.from(invertFirstDense([1, 2, 3, 4], [0, 0]).input), [0, 0]);
  });
});

describe('gradientLeakage on a real single-step update', () => {
  const image = (seed: number) => {
    const rng = new Rng(seed);
    return Float32Array.from({ length: 16 }, () => (rng.next() < 0.5 ? 0 : rng.next()));
  };

  before(async () => {
    await startBackend('wasm');
  });

  /** One client's update from one step on one 4×4 image of class `label`, as the worker computes it. */
  function step(spec: ModelSpec, x: Float32Array, label: number, optimizer: 'sgd' | 'adam' = 'sgd') {
    const runner = new ModelRunner(spec);
    const global = initialWeights(spec, 5);
    const table = { x, y: Int32Array.of(label), featureShape: [4, 4, 1], numClasses: 3 };
    const client = clientParams.parse({ localEpochs: 1, batchSize: 1, learningRate: 0.1, optimizer });
    const { weights } = runner.train(global, table, { indices: Int32Array.of(0), offset: 0, length: 1 }, client, 1);
    return { global, weights };
  }

  const attack = (spec: ModelSpec, x: Float32Array, label: number, update: { global: Float32Array; weights: Float32Array }) =>
    gradientLeakage({ method: 'analytic', spec, global: update.global, received: update.weights, real: x, trueLabel: label, round: 1, clientId: 0, clientNodeId: 'c', examples: 1 });

  for (const [name, params] of [
    ['an MLP 16-8-3', { arch: 'mlp', hidden: [8] }],
    ['a logistic model', { arch: 'logistic' }],
  ] as const) {
    it(`reconstructs the image and its label from ${name}`, () => {
      const spec: ModelSpec = { params: modelParams.parse(params), inputShape: [4, 4, 1], numClasses: 3 };
      const x = image(11);
      const l = attack(spec, x, 2, step(spec, x, 2));
      assert.equal(l.inferredLabel, 2);
      assert.ok(l.ssim > 0.999, `SSIM ${l.ssim}`);
      assert.ok(l.mse < 1e-8, `MSE ${l.mse}`);
      assert.deepEqual(l.shape, [4, 4]);
    });
  }

  it('is no longer exact after an Adam step, which rescales each coordinate', () => {
    const spec: ModelSpec = { params: modelParams.parse({ arch: 'mlp', hidden: [8] }), inputShape: [4, 4, 1], numClasses: 3 };
    const x = image(11);
    const l = attack(spec, x, 2, step(spec, x, 2, 'adam'));
    assert.ok(l.mse > 1e-3, `MSE ${l.mse}`);
  });

  it('refuses a CNN, whose first layer is a convolution', () => {
    const spec: ModelSpec = { params: modelParams.parse({ arch: 'cnn' }), inputShape: [28, 28, 1], numClasses: 10 };
    assert.throws(() => gradientLeakage({ method: 'analytic', spec, global: new Float32Array(0), received: new Float32Array(0), real: [], trueLabel: 0, round: 1, clientId: 0, clientNodeId: 'c', examples: 1 }), /first layer is a convolution/);
  });
});

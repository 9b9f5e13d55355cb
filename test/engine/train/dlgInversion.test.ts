/**
 * DLG on the engine's dense models: TensorFlow.js's second-order gradients (the gradient of a distance
 * between tf.grads results) drive a dummy image to the client's, on a real single-step update.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { ssim } from '../../../engine/attack/ssim.js';
import { clientParams, modelParams } from '../../../engine/format/params.js';
import { initialWeights } from '../../../engine/model/initialWeights.js';
import type { ModelSpec } from '../../../engine/model/modelSpec.js';
import { Rng } from '../../../engine/random/rng.js';
import { startBackend } from '../../../engine/train/backend.js';
import { dlgInvert } from '../../../engine/train/dlgInversion.js';
import { ModelRunner } from '../../../engine/train/modelRunner.js';

const spec = (params: Record<string, unknown>): ModelSpec => ({ params: modelParams.parse(params), inputShape: [4, 4, 1], numClasses: 3 });
const image = (seed: number) => {
  const rng = new Rng(seed);
  return Float32Array.from({ length: 16 }, () => (rng.next() < 0.5 ? 0 : rng.next()));
};

/** The update (weights after − before) of one SGD step on one 4×4 image of class 2, as a worker computes it. */
function update(s: ModelSpec, x: Float32Array): { global: Float32Array; delta: Float32Array } {
  const global = initialWeights(s, 5);
  const { weights } = new ModelRunner(s).train(global, { x, y: Int32Array.of(2), featureShape: [4, 4, 1], numClasses: 3 }, { indices: Int32Array.of(0), offset: 0, length: 1 }, clientParams.parse({ batchSize: 1, learningRate: 0.1 }), 1);
  return { global, delta: weights.map((w, i) => w - global[i]) };
}

describe('dlgInvert', () => {
  before(async () => {
    await startBackend('wasm');
  });

  for (const [name, params] of [
    ['an MLP 16-8-3 (relu)', { arch: 'mlp', hidden: [8] }],
    ['an MLP 16-8-3 (sigmoid, as in Zhu et al.)', { arch: 'mlp', hidden: [8], activation: 'sigmoid' }],
    ['a logistic model', { arch: 'logistic' }],
  ] as const) {
    it(`finds the client's image from its update on ${name}`, () => {
      const s = spec(params);
      const x = image(11);
      const { global, delta } = update(s, x);
      const found = dlgInvert(s, global, delta, 2, { iterations: 300, learningRate: 0.1, seed: 3 });
      const score = ssim(found.input, x, 4, 4);
      assert.ok(score > 0.95, `SSIM ${score}, distance ${found.distance}`);
      assert.ok(found.distance < 1e-3, `distance ${found.distance}`);
    });
  }

  it('is scale-invariant: a clipped (scaled) update gives the same image, and it leaks no tensor', () => {
    const s = spec({ arch: 'mlp', hidden: [8] });
    const { global, delta } = update(s, image(11));
    const options = { iterations: 50, learningRate: 0.1, seed: 3 };
    dlgInvert(s, global, delta, 2, options);
    const live = tf.memory().numTensors;
    const a = dlgInvert(s, global, delta, 2, options).input;
    const b = dlgInvert(s, global, delta.map((v) => v * 1e-2), 2, options).input;
    assert.equal(tf.memory().numTensors, live);
    for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-3, `pixel ${i}: ${a[i]} vs ${b[i]}`);
  });

  it('starts from a seeded image: the same seed, the same result', () => {
    const s = spec({ arch: 'mlp', hidden: [8] });
    const { global, delta } = update(s, image(11));
    const options = { iterations: 5, learningRate: 0.1, seed: 9 };
    assert.deepEqual(dlgInvert(s, global, delta, 2, options).input, dlgInvert(s, global, delta, 2, options).input);
  });
});

/** A worker's model: trains clients one after another without leaking and without carrying state over. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { clientParams, modelParams } from '../../../engine/format/params.js';
import { initialWeights } from '../../../engine/model/initialWeights.js';
import { weightCount, type ModelSpec } from '../../../engine/model/modelSpec.js';
import { Rng } from '../../../engine/random/rng.js';
import type { TableRef } from '../../../engine/run/messages.js';
import { startBackend } from '../../../engine/train/backend.js';
import { ModelRunner } from '../../../engine/train/modelRunner.js';

const spec: ModelSpec = { params: modelParams.parse({ arch: 'mlp', hidden: [16] }), inputShape: [8], numClasses: 3 };

function table(rows: number): TableRef {
  const rng = new Rng(1);
  const x = new Float32Array(rows * 8).map(() => rng.normal());
  // A learnable rule: the class is the sign pattern of the first two features.
  const y = Int32Array.from({ length: rows }, (_, i) => (x[i * 8] > 0 ? 1 : 0) + (x[i * 8 + 1] > 0.5 ? 1 : 0));
  return { x, y, featureShape: [8], numClasses: 3 };
}

describe('ModelRunner', () => {
  const data = table(256);
  const indices = Int32Array.from({ length: 256 }, (_, i) => i);
  const rows = { indices, offset: 0, length: 128 };
  const global = initialWeights(spec, 3);
  let runner: ModelRunner;

  before(async () => {
    await startBackend('wasm');
    runner = new ModelRunner(spec);
  });

  it('reads back exactly the weights it was given', () => {
    runner.setWeights(global);
    assert.deepEqual(runner.getWeights(), global);
    assert.equal(global.length, weightCount(spec));
  });

  it('lowers the loss of a client on its own data', () => {
    const client = clientParams.parse({ localEpochs: 5, batchSize: 16, learningRate: 0.1 });
    const before = runner.score(global, data, indices.subarray(0, 128), false).loss;
    const result = runner.train(global, data, rows, client, 9);
    const after = runner.score(result.weights, data, indices.subarray(0, 128), false).loss;
    assert.ok(after < before, `loss ${before} → ${after}`);
    assert.equal(result.numExamples, 128);
    assert.equal(result.steps, 5 * 8);
  });

  it('trains client after client without leaking tensors, for every optimizer and FedProx', () => {
    const kinds = ['sgd', 'momentum', 'adam'] as const;
    for (const optimizer of kinds) runner.train(global, data, rows, clientParams.parse({ optimizer, proximalMu: 0.1 }), 1);
    const live = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      for (const optimizer of kinds) runner.train(global, data, rows, clientParams.parse({ optimizer, proximalMu: 0.1 }), i);
      runner.score(global, data, null, true);
    }
    assert.equal(tf.memory().numTensors, live);
  });

  it('does not carry momentum from one client to the next: the same client trains the same twice', () => {
    const client = clientParams.parse({ optimizer: 'momentum', momentum: 0.9 });
    const first = runner.train(global, data, rows, client, 4).weights;
    runner.train(global, data, { indices, offset: 128, length: 128 }, client, 5);
    const again = runner.train(global, data, rows, client, 4).weights;
    assert.deepEqual(again, first);
  });

  it('pulls FedProx clients towards the global model', () => {
    const far = (mu: number) => {
      const w = runner.train(global, data, rows, clientParams.parse({ localEpochs: 5, learningRate: 0.1, proximalMu: mu }), 2).weights;
      return Math.hypot(...w.map((v, i) => v - global[i]));
    };
    assert.ok(far(1) < far(0));
  });

  it('a sign-flipping client sends the reverse of its honest update', () => {
    const honest = runner.train(global, data, rows, clientParams.parse({}), 6).weights;
    const flipped = runner.train(global, data, rows, clientParams.parse({ behaviour: 'sign-flip', attackScale: 2 }), 6).weights;
    for (let i = 0; i < global.length; i += 97) {
      assert.ok(Math.abs(flipped[i] - global[i] + 2 * (honest[i] - global[i])) < 1e-5);
    }
  });
});

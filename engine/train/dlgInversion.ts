/**
 * Deep Leakage from Gradients (Zhu et al. 2019) with iDLG's known label (Zhao et al. 2020) and Geiping et
 * al. 2020's cosine distance: optimise a dummy input so that the gradient it produces matches the update
 * a client sent. The distance is 1 − ⟨g(x), g*⟩ / (‖g(x)‖·‖g*‖) over all layers at once, with g* = −Δ (one
 * SGD step sends Δ = −lr·g): scale-invariant, so neither the learning rate nor a clip norm matters. Adam
 * moves x, which is kept in the pixels' box [0, 1] after every step (Geiping's box constraint; no total
 * variation term). Needs second-order gradients (the gradient of a function of tf.grads), which TensorFlow.js
 * computes on the cpu and wasm backends for matMul, the activations and softmax cross-entropy. Runs in a
 * worker: it is optimisation, which the coordinator never does.
 */
import * as tf from '@tensorflow/tfjs-core';
// Registers TensorFlow.js's gradient functions, which tfjs-core's Node entry leaves out (as the workers' models do).
import '@tensorflow/tfjs-layers';
import { PIXEL_RANGE } from '../attack/gradientLeakage.js';
import { weightLayout, type ModelSpec } from '../model/modelSpec.js';
import { Rng } from '../random/rng.js';

/** DLG's knobs: Adam's iterations and step size, and the seed of the dummy input's uniform start. */
export interface DlgOptions {
  iterations: number;
  learningRate: number;
  seed: number;
}

/** What DLG found: the input, and the cosine distance its gradient was left at. */
export interface DlgResult {
  input: Float32Array;
  distance: number;
  ms: number;
}

/** The dense model's logits for x, from its weights as tensors in weightLayout order. */
function logits(spec: ModelSpec, x: tf.Tensor2D, weights: readonly tf.Tensor[]): tf.Tensor2D {
  const p = spec.params;
  if (p.arch === 'cnn') throw new RangeError('DLG here runs on dense models (mlp, logistic); the CNN is not supported.');
  const activation = p.arch === 'mlp' ? p.activation : 'relu';
  let h: tf.Tensor2D = x;
  for (let i = 0; i < weights.length; i += 2) {
    h = tf.add(tf.matMul(h, weights[i] as tf.Tensor2D), weights[i + 1]);
    if (i + 2 < weights.length) h = activation === 'relu' ? tf.relu(h) : activation === 'tanh' ? tf.tanh(h) : tf.sigmoid(h);
  }
  return h;
}

/**
 * Reconstructs the one example behind `update` (weights after − before, flat in weightLayout order) of a
 * model at `global`, for class `label`. Every tensor it makes is disposed before it returns.
 */
export function dlgInvert(spec: ModelSpec, global: Float32Array, update: Float32Array, label: number, options: DlgOptions): DlgResult {
  const start = performance.now();
  const layout = weightLayout(spec);
  const inputs = spec.inputShape.reduce((a, b) => a * b, 1);
  const rng = new Rng(options.seed);
  const [lo, hi] = PIXEL_RANGE;
  const start0 = tf.tensor2d(Float32Array.from({ length: inputs }, () => lo + (hi - lo) * rng.next()), [1, inputs]);
  const x = tf.variable(start0);
  start0.dispose();
  const optimizer = tf.train.adam(options.learningRate);
  let distance = Number.NaN;
  const [weights, target, targetNorm, y] = tf.tidy(() => {
    let offset = 0;
    const w: tf.Tensor[] = [];
    const t: tf.Tensor[] = [];
    for (const e of layout) {
      const size = e.shape.reduce((a, b) => a * b, 1);
      w.push(tf.tensor(global.subarray(offset, offset + size), e.shape, 'float32'));
      t.push(tf.neg(tf.tensor(update.subarray(offset, offset + size), e.shape, 'float32')));
      offset += size;
    }
    const norm = tf.sqrt(tf.addN(t.map((g) => tf.sum(tf.square(g)))));
    return [w, t, norm, tf.oneHot(tf.tensor1d([label], 'int32'), spec.numClasses)] as const;
  });
  const loss = (input: tf.Tensor2D) => (...ws: tf.Tensor[]) => tf.losses.softmaxCrossEntropy(y, logits(spec, input, ws)) as tf.Scalar;
  try {
    for (let i = 0; i < options.iterations; i++) {
      const cost = optimizer.minimize(
        () => {
          const g = tf.grads(loss(x as tf.Tensor2D))(weights);
          const dot = tf.addN(g.map((gi, k) => tf.sum(tf.mul(gi, target[k]))));
          const norm = tf.sqrt(tf.addN(g.map((gi) => tf.sum(tf.square(gi)))));
          // A dummy whose gradient vanishes (every unit dead) is as far as it gets: distance 1.
          return tf.sub(1, tf.div(dot, tf.maximum(tf.mul(norm, targetNorm), 1e-12))) as tf.Scalar;
        },
        true,
        [x],
      );
      tf.tidy(() => x.assign(tf.clipByValue(x, lo, hi)));
      if (i === options.iterations - 1 && cost) distance = cost.dataSync()[0];
      cost?.dispose();
    }
    return { input: x.dataSync().slice() as Float32Array, distance, ms: performance.now() - start };
  } finally {
    optimizer.dispose();
    tf.dispose([x, ...weights, ...target, targetNorm, y]);
  }
}

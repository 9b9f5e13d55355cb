/**
 * The forward and backward pass of a dense model (mlp or logistic) for K clients at once, written out by
 * hand instead of taped. Weights are stacked [K, …], so each layer is one batched matMul for every client.
 * The backward pass takes tfjs's own gradient ops in tfjs's order (matMul's two transposed products, relu's
 * step mask, softmax cross-entropy's (softmax − y)·(1/n), a bias's sum over rows), all of which treat each
 * client's slice on its own; that is what makes a client's numbers the same whatever cohort it is in.
 *
 * Hidden layers run feature-major: a hidden kernel is stored transposed, [K, out, in], and its activations
 * are [K, features, rows]. On wasm a matMul packs its right operand (XNNPACK's "weights") afresh whenever
 * that operand changes, which in training is every step; x·W with a batch of 32 rows spent most of its time
 * packing the 784×128 kernel. Wᵀ·xᵀ packs the 784×32 batch instead and took the first layer's forward
 * product from ~15 to ~7 ms for 10 clients. XNNPACK sums each output over the shared dimension in the same
 * order either way round, so (Wᵀ·xᵀ)ᵀ is x·W bit for bit (checked in test/engine/train/cohortTraining.test.ts
 * against the taped path). The output layer stays batch-major: its fused matMul starts its sums from the
 * bias, per output column, which must be the classes.
 */
import * as tf from '@tensorflow/tfjs-core';
import { wasmMatMulStacksExactly } from '../wasmKernels.js';
import { STACKED_LINEAR, stackedLinearRuns } from '../wasmStackedMatMul.js';
import type { StackedBatch } from './cohortBatch.js';

/** The hidden layers' activation (logistic has no hidden layer). */
export type HiddenActivation = 'relu' | 'tanh' | 'sigmoid';

/** Whether layer `layer` of `layers` keeps its kernel transposed, [K, out, in] (every hidden layer). */
export function kernelTransposed(layer: number, layers: number): boolean {
  return layer < layers - 1;
}

/** What the backward pass needs of a hidden layer's forward pass, feature-major ([K, features, rows]). */
interface HiddenTrace {
  /** The layer's input. */
  inputT: tf.Tensor3D;
  /** Its pre-activation. */
  preT: tf.Tensor3D;
  /** Its output after the activation. */
  outT: tf.Tensor3D;
}

/** The forward pass: every hidden layer's trace, the output layer's input (feature-major) and the logits. */
interface ForwardPass {
  hidden: HiddenTrace[];
  /** The output layer's input, [K, features, rows] (its gradient's left operand). */
  lastT: tf.Tensor3D;
  /** [K, rows, classes]. */
  logits: tf.Tensor3D;
}

/**
 * A batched matMul whose slice k is computed exactly as a lone [1, …] product. The shipped
 * tfjs-backend-wasm 4.22 kernel runs batch > 1 on a blocked scalar loop that sums in another order than
 * its batch-1 XNNPACK path; engine/train/wasmKernels.ts runs each slice on that XNNPACK path instead. Without
 * that fix (the trainer then never stacks on wasm) the stack is split here. cpu and webgpu treat slices alike.
 */
function sliceWiseMatMul(a: tf.Tensor3D, b: tf.Tensor3D, transposeA = false, transposeB = false): tf.Tensor3D {
  const k = a.shape[0];
  if (k === 1 || tf.getBackend() !== 'wasm' || wasmMatMulStacksExactly(tf.backend())) return tf.matMul(a, b, transposeA, transposeB);
  const as = tf.split(a, k, 0);
  const bs = tf.split(b, k, 0);
  return tf.concat(as.map((ai, i) => tf.matMul(ai, bs[i], transposeA, transposeB)), 0) as tf.Tensor3D;
}

/**
 * x·W + b of the output layer. tfjs-layers runs a linear Dense as one fused matMul-with-bias even while
 * taping, and wasm's fused kernel starts its sums from the bias; doing the same per slice keeps the
 * trainer's numbers those of the taped path there (one STACKED_LINEAR kernel where it runs, else per slice).
 * Elsewhere the fused kernel is matMul then add.
 */
function logitsLayer(x: tf.Tensor3D, kernel: tf.Tensor3D, bias: tf.Tensor3D): tf.Tensor3D {
  if (tf.getBackend() !== 'wasm') return tf.add(tf.matMul(x, kernel), bias) as tf.Tensor3D;
  if (stackedLinearRuns(tf.backend())) return tf.engine().runKernel(STACKED_LINEAR, { x, w: kernel, bias }, {}) as tf.Tensor3D;
  const k = x.shape[0];
  const out = bias.shape[2];
  const xs = k === 1 ? [x] : tf.split(x, k, 0);
  const ks = k === 1 ? [kernel] : tf.split(kernel, k, 0);
  // wasm's fused kernel wants a rank-1 bias of its own (a reshape keeps the stored rank), so slice a flat view.
  const flatBias = tf.reshape(bias, [k * out]);
  const slices = xs.map((xi, i) => tf.fused.matMul({ a: xi, b: ks[i], bias: tf.slice(flatBias, [i * out], [out]) }));
  return (k === 1 ? slices[0] : tf.concat(slices, 0)) as tf.Tensor3D;
}

function activate(z: tf.Tensor3D, activation: HiddenActivation): tf.Tensor3D {
  switch (activation) {
    case 'relu':
      return tf.relu(z);
    case 'tanh':
      return tf.tanh(z);
    case 'sigmoid':
      return tf.sigmoid(z);
  }
}

/** d loss / d pre-activation from d loss / d output, as tfjs's Relu, Tanh and Sigmoid gradients compute it. */
function activationGrad(dy: tf.Tensor3D, trace: HiddenTrace, activation: HiddenActivation): tf.Tensor3D {
  switch (activation) {
    case 'relu':
      return tf.mul(dy, tf.step(trace.preT));
    case 'tanh':
      return tf.mul(tf.sub(tf.scalar(1), tf.square(trace.outT)), dy);
    case 'sigmoid':
      return tf.mul(dy, tf.mul(trace.outT, tf.sub(tf.scalar(1), trace.outT)));
  }
}

/** A [K, 1, out] bias as [K, out, 1], to broadcast over a feature-major layer's rows (the same memory). */
function biasColumn(bias: tf.Tensor): tf.Tensor3D {
  return tf.reshape(bias, [bias.shape[0], bias.shape[2]!, 1]);
}

function forward(weights: readonly tf.Tensor[], batch: StackedBatch, activation: HiddenActivation): ForwardPass {
  const layers = weights.length / 2;
  const hidden: HiddenTrace[] = [];
  let inputT = batch.xT;
  for (let l = 0; l < layers - 1; l++) {
    const preT = tf.add(sliceWiseMatMul(weights[2 * l] as tf.Tensor3D, inputT), biasColumn(weights[2 * l + 1])) as tf.Tensor3D;
    const outT = activate(preT, activation);
    hidden.push({ inputT, preT, outT });
    inputT = outT;
  }
  const last = layers === 1 ? batch.x : (tf.transpose(inputT, [0, 2, 1]) as tf.Tensor3D);
  const logits = logitsLayer(last, weights[2 * (layers - 1)] as tf.Tensor3D, weights[2 * (layers - 1) + 1] as tf.Tensor3D);
  return { hidden, lastT: inputT, logits };
}

/**
 * Each client's mean softmax cross-entropy over its real rows, [K], and its gradients in the weights'
 * order and stored shapes (hidden kernels transposed). Call inside tf.tidy.
 */
export function stackedLossAndGrads(
  weights: readonly tf.Tensor[],
  batch: StackedBatch,
  activation: HiddenActivation,
): { loss: tf.Tensor1D; grads: tf.Tensor[] } {
  const pass = forward(weights, batch, activation);
  // tf.losses.softmaxCrossEntropy's forward: log-softmax through logSumExp, then −Σ y·log p per row.
  const logResult = tf.sub(pass.logits, tf.logSumExp(pass.logits, [2], true));
  const perRow = tf.sum(tf.neg(tf.mul(logResult, batch.y)), [2]);
  // Padded rows have no label, so their row loss is an exact zero in the sum.
  const loss = tf.div(tf.sum(perRow, [1]), batch.rows) as tf.Tensor1D;
  // Its gradient: (softmax − y) times d mean / d row = 1/n (0 on padded rows).
  const dz = tf.mul(batch.scale, tf.sub(tf.exp(logResult), batch.y)) as tf.Tensor3D;
  const grads: tf.Tensor[] = new Array<tf.Tensor>(weights.length);
  const out = weights.length / 2 - 1;
  // inputᵀ·dz, with the output layer's input already at hand feature-major.
  grads[2 * out] = sliceWiseMatMul(pass.lastT, dz);
  grads[2 * out + 1] = tf.sum(dz, [1], true);
  if (out === 0) return { loss, grads };
  // (dz·Wᵀ)ᵀ = W·dzᵀ: the gradient reaching the last hidden layer's output, feature-major.
  let dyT = sliceWiseMatMul(weights[2 * out] as tf.Tensor3D, dz, false, true);
  for (let l = out - 1; l >= 0; l--) {
    const trace = pass.hidden[l];
    const dzT = activationGrad(dyT, trace, activation);
    // (inputᵀ·dz)ᵀ = dzᵀ·input; the first layer's batch-major input is the batch itself.
    grads[2 * l] = l === 0 ? sliceWiseMatMul(dzT, batch.x) : sliceWiseMatMul(dzT, trace.inputT, false, true);
    // Summed over the rows in row order, as tfjs sums a batch-major dz over axis 1.
    grads[2 * l + 1] = tf.reshape(tf.sum(dzT, [2]), [dzT.shape[0], 1, dzT.shape[1]]);
    if (l > 0) dyT = sliceWiseMatMul(weights[2 * l] as tf.Tensor3D, dzT, true, false);
  }
  return { loss, grads };
}

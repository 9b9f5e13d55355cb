/**
 * The forward and backward pass of a dense model (mlp or logistic) for K clients at once, written out by
 * hand instead of taped. Weights are stacked: kernel l is [K, in, out], bias l is [K, 1, out], so each layer
 * is one batched matMul for every client. The backward pass takes tfjs's own gradient ops in tfjs's order
 * (matMul's two transposed products, relu's step mask, softmax cross-entropy's (softmax − y)·(1/n), a
 * bias's sum over rows), all of which treat each client's slice on its own; that is what makes a client's
 * numbers the same whatever cohort it is in.
 */
import * as tf from '@tensorflow/tfjs-core';
import { wasmMatMulStacksExactly } from '../wasmKernels.js';
import type { StackedBatch } from './cohortBatch.js';

/** The hidden layers' activation (logistic has no hidden layer). */
export type HiddenActivation = 'relu' | 'tanh' | 'sigmoid';

/** What the backward pass needs of the forward one, per layer. */
interface LayerTrace {
  /** The layer's input, [K, B, in]. */
  input: tf.Tensor3D;
  /** Its pre-activation, [K, B, out]. */
  pre: tf.Tensor3D;
  /** Its output after the activation (the logits for the last layer). */
  out: tf.Tensor3D;
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
 * trainer's numbers those of the taped path there. Elsewhere the fused kernel is matMul then add.
 */
function logitsLayer(x: tf.Tensor3D, kernel: tf.Tensor3D, bias: tf.Tensor3D): tf.Tensor3D {
  if (tf.getBackend() !== 'wasm') return tf.add(tf.matMul(x, kernel), bias) as tf.Tensor3D;
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
function activationGrad(dy: tf.Tensor3D, trace: LayerTrace, activation: HiddenActivation): tf.Tensor3D {
  switch (activation) {
    case 'relu':
      return tf.mul(dy, tf.step(trace.pre));
    case 'tanh':
      return tf.mul(tf.sub(tf.scalar(1), tf.square(trace.out)), dy);
    case 'sigmoid':
      return tf.mul(dy, tf.mul(trace.out, tf.sub(tf.scalar(1), trace.out)));
  }
}

/** Logits of every client's rows, [K, B, classes], and the trace its backward pass reads. Call inside tf.tidy. */
export function stackedForward(weights: readonly tf.Tensor[], x: tf.Tensor3D, activation: HiddenActivation): LayerTrace[] {
  const layers = weights.length / 2;
  const traces: LayerTrace[] = [];
  let input = x;
  for (let l = 0; l < layers; l++) {
    const last = l === layers - 1;
    const pre = last ? logitsLayer(input, weights[2 * l] as tf.Tensor3D, weights[2 * l + 1] as tf.Tensor3D) : (tf.add(sliceWiseMatMul(input, weights[2 * l] as tf.Tensor3D), weights[2 * l + 1]) as tf.Tensor3D);
    const out = l < layers - 1 ? activate(pre, activation) : pre;
    traces.push({ input, pre, out });
    input = out;
  }
  return traces;
}

/**
 * Each client's mean softmax cross-entropy over its real rows, [K], and its gradients in the weights'
 * order and stacked shapes. Call inside tf.tidy.
 */
export function stackedLossAndGrads(
  weights: readonly tf.Tensor[],
  batch: StackedBatch,
  activation: HiddenActivation,
): { loss: tf.Tensor1D; grads: tf.Tensor[] } {
  const traces = stackedForward(weights, batch.x, activation);
  const logits = traces[traces.length - 1].out;
  // tf.losses.softmaxCrossEntropy's forward: log-softmax through logSumExp, then −Σ y·log p per row.
  const logResult = tf.sub(logits, tf.logSumExp(logits, [2], true));
  const perRow = tf.sum(tf.neg(tf.mul(logResult, batch.y)), [2]);
  // Padded rows have no label, so their row loss is an exact zero in the sum.
  const loss = tf.div(tf.sum(perRow, [1]), batch.rows) as tf.Tensor1D;
  // Its gradient: (softmax − y) times d mean / d row = 1/n (0 on padded rows).
  let dz = tf.mul(batch.scale, tf.sub(tf.exp(logResult), batch.y)) as tf.Tensor3D;
  const grads: tf.Tensor[] = new Array<tf.Tensor>(weights.length);
  for (let l = traces.length - 1; l >= 0; l--) {
    grads[2 * l] = sliceWiseMatMul(traces[l].input, dz, true, false);
    grads[2 * l + 1] = tf.sum(dz, [1], true);
    if (l > 0) dz = activationGrad(sliceWiseMatMul(dz, weights[2 * l] as tf.Tensor3D, false, true), traces[l - 1], activation);
  }
  return { loss, grads };
}

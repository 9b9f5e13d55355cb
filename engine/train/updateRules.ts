/**
 * SGD's and momentum's update of one weight tensor, shared by the taped path's LocalOptimizer and the
 * cohort trainer's stacked optimizer: one fused pass on wasm (wasmOptimizerKernels.ts) where the
 * hyperparameters are plain numbers, else the tfjs ops. Both give the same float32 numbers.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fusedUpdatesRun, MOMENTUM_STEP, SGD_STEP } from './wasmOptimizerKernels.js';

/** A hyperparameter: one number, or a tensor that broadcasts over the weights (per-client values in a cohort). */
export type Hyper = number | tf.Tensor;

function fused(...hypers: Hyper[]): boolean {
  return hypers.every((h) => typeof h === 'number') && tf.getBackend() === 'wasm' && fusedUpdatesRun(tf.backend());
}

/** w − lr·g. */
export function sgdUpdate(w: tf.Tensor, g: tf.Tensor, lr: Hyper): tf.Tensor {
  if (fused(lr)) return tf.engine().runKernel(SGD_STEP, { w, g }, { learningRate: lr as number }) as tf.Tensor;
  return tf.sub(w, tf.mul(g, lr));
}

/** PyTorch's and tfjs's convention: buf' = μ·buf + g, w' = w − lr·buf'. Returns [w', buf']. */
export function momentumUpdate(w: tf.Tensor, buf: tf.Tensor, g: tf.Tensor, lr: Hyper, momentum: Hyper): [tf.Tensor, tf.Tensor] {
  if (fused(lr, momentum)) {
    const [nextW, nextBuf] = tf.engine().runKernel(MOMENTUM_STEP, { w, buf, g }, { learningRate: lr as number, momentum: momentum as number }) as tf.Tensor[];
    return [nextW, nextBuf];
  }
  const nextBuf = tf.add(tf.mul(buf, momentum), g);
  return [tf.sub(w, tf.mul(nextBuf, lr)), nextBuf];
}

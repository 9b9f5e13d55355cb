/**
 * SGD, momentum and Adam for a cohort's stacked weights: the formulas of LocalOptimizer (optimizers.ts),
 * with each client's learning rate and momentum as a [K, 1, 1] tensor that broadcasts over its slice.
 * The state is plain tensors the caller swaps each step, so a cohort can drop clients that are done.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ClientParams } from '../../format/params.js';
import { momentumUpdate, sgdUpdate } from '../updateRules.js';

const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/** Stacked weights and optimizer slots, all [K, …] in the weights' order. */
export type StackedState = {
  weights: tf.Tensor[];
  /** Momentum's buffer or Adam's first moment; empty for SGD. */
  first: tf.Tensor[];
  /** Adam's second moment; empty otherwise. */
  second: tf.Tensor[];
};

/**
 * Per-client hyperparameters: a [K, 1, 1] tensor, or one number where every client has the same (the usual
 * case, as they come from the round's config; a scalar skips wasm's slower broadcasting kernels and gives
 * the same float32 products).
 */
export type PerClient = tf.Tensor | number;

/** The optimizer's per-client hyperparameters. */
export interface StackedHyper {
  learningRate: PerClient;
  momentum: PerClient;
}

/** Fresh zeroed slots for this optimizer, shaped like the weights. */
export function zeroSlots(kind: ClientParams['optimizer'], weights: readonly tf.Tensor[]): Pick<StackedState, 'first' | 'second'> {
  return {
    first: kind === 'sgd' ? [] : weights.map((w) => tf.zerosLike(w)),
    second: kind === 'adam' ? weights.map((w) => tf.zerosLike(w)) : [],
  };
}

/** One update of every client in the stack; `step` counts from 1 (Adam's bias correction). Call inside tf.tidy. */
export function stackedApply(
  kind: ClientParams['optimizer'],
  state: StackedState,
  grads: readonly tf.Tensor[],
  hyper: StackedHyper,
  step: number,
): StackedState {
  const next: StackedState = { weights: [], first: [], second: [] };
  state.weights.forEach((v, i) => {
    const g = grads[i];
    switch (kind) {
      case 'sgd':
        next.weights.push(sgdUpdate(v, g, hyper.learningRate));
        break;
      case 'momentum': {
        const [w, buf] = momentumUpdate(v, state.first[i], g, hyper.learningRate, hyper.momentum);
        next.first.push(buf);
        next.weights.push(w);
        break;
      }
      case 'adam': {
        const m = tf.add(tf.mul(state.first[i], ADAM.beta1), tf.mul(g, 1 - ADAM.beta1));
        const s = tf.add(tf.mul(state.second[i], ADAM.beta2), tf.mul(tf.square(g), 1 - ADAM.beta2));
        next.first.push(m);
        next.second.push(s);
        const mHat = tf.div(m, 1 - Math.pow(ADAM.beta1, step));
        const sHat = tf.div(s, 1 - Math.pow(ADAM.beta2, step));
        next.weights.push(tf.sub(v, tf.div(tf.mul(mHat, hyper.learningRate), tf.add(tf.sqrt(sHat), ADAM.epsilon))));
        break;
      }
    }
  });
  return next;
}

/**
 * Local optimizers written over the model's variables. tfjs's own optimizers keep state that must not
 * carry from one client to the next, and the momentum optimizer's dispose() leaks a tensor in 4.22; here
 * the slots are allocated once per worker and zeroed for every client.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ClientParams } from '../format/params.js';
import { momentumUpdate, sgdUpdate } from './updateRules.js';

const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

export class LocalOptimizer {
  private readonly first: tf.Variable[];
  private readonly second: tf.Variable[];
  private step = 0;

  constructor(
    private readonly vars: readonly tf.Variable[],
    private readonly kind: ClientParams['optimizer'],
  ) {
    const slot = (v: tf.Variable) => tf.variable(tf.zerosLike(v), false);
    this.first = kind === 'sgd' ? [] : vars.map(slot);
    this.second = kind === 'adam' ? vars.map(slot) : [];
  }

  /** Clears momentum and Adam moments so a new client starts from scratch. */
  reset(): void {
    this.step = 0;
    tf.tidy(() => {
      for (const s of [...this.first, ...this.second]) s.assign(tf.zerosLike(s));
    });
  }

  /** Applies one update with these gradients (in `vars` order). Call inside tf.tidy. */
  apply(grads: readonly tf.Tensor[], lr: number, momentum: number): void {
    this.step++;
    this.vars.forEach((v, i) => {
      const g = grads[i];
      switch (this.kind) {
        case 'sgd':
          v.assign(sgdUpdate(v, g, lr));
          break;
        case 'momentum': {
          const [w, buf] = momentumUpdate(v, this.first[i], g, lr, momentum);
          this.first[i].assign(buf);
          v.assign(w);
          break;
        }
        case 'adam': {
          const m = tf.add(tf.mul(this.first[i], ADAM.beta1), tf.mul(g, 1 - ADAM.beta1));
          const s = tf.add(tf.mul(this.second[i], ADAM.beta2), tf.mul(tf.square(g), 1 - ADAM.beta2));
          this.first[i].assign(m);
          this.second[i].assign(s);
          const mHat = tf.div(m, 1 - Math.pow(ADAM.beta1, this.step));
          const sHat = tf.div(s, 1 - Math.pow(ADAM.beta2, this.step));
          v.assign(tf.sub(v, tf.div(tf.mul(mHat, lr), tf.add(tf.sqrt(sHat), ADAM.epsilon))));
          break;
        }
      }
    });
  }

  dispose(): void {
    for (const s of [...this.first, ...this.second]) s.dispose();
  }
}

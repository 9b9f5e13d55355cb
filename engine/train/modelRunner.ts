/**
 * One model per worker, reused for every client and evaluation it runs: set the weights, reset the
 * optimizer, train or score, read the weights back. Building a fresh model per client costs more and leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ClientParams } from '../format/params.js';
import { buildModel } from '../model/buildModel.js';
import type { ModelSpec } from '../model/modelSpec.js';
import { deriveSeed, Rng } from '../random/rng.js';
import type { RowsRef, Scores, TableRef, TrainResult } from '../run/messages.js';
import { gatherBatch, rowsOf } from './batches.js';
import { applyBehaviour } from './behaviour.js';
import { LocalOptimizer } from './optimizers.js';

const EVAL_BATCH = 512;

export class ModelRunner {
  readonly model: tfl.LayersModel;
  private readonly vars: tf.Variable[];
  private readonly optimizers = new Map<ClientParams['optimizer'], LocalOptimizer>();
  private buffer = new Float32Array(0);

  constructor(readonly spec: ModelSpec) {
    this.model = buildModel(spec);
    this.vars = this.model.weights.map((w) => w.read() as tf.Variable);
  }

  /** Loads a flat weight vector into the model's variables. */
  setWeights(flat: Float32Array): void {
    tf.tidy(() => {
      let offset = 0;
      for (const v of this.vars) {
        v.assign(tf.tensor(flat.subarray(offset, offset + v.size), v.shape, 'float32'));
        offset += v.size;
      }
      if (offset !== flat.length) throw new Error(`Weight vector has ${flat.length} values; the model has ${offset}.`);
    });
  }

  /** Reads the model's variables into one fresh flat vector (safe to transfer). */
  getWeights(): Float32Array {
    const total = this.vars.reduce((s, v) => s + v.size, 0);
    const out = new Float32Array(total);
    let offset = 0;
    for (const v of this.vars) {
      out.set(v.dataSync() as Float32Array, offset);
      offset += v.size;
    }
    return out;
  }

  private optimizer(kind: ClientParams['optimizer']): LocalOptimizer {
    let opt = this.optimizers.get(kind);
    if (!opt) {
      opt = new LocalOptimizer(this.vars, kind);
      this.optimizers.set(kind, opt);
    }
    return opt;
  }

  private batchBuffer(size: number): Float32Array {
    if (this.buffer.length < size) this.buffer = new Float32Array(size);
    return this.buffer;
  }

  private logits(x: tf.Tensor, training: boolean): tf.Tensor2D {
    return this.model.apply(x, { training }) as tf.Tensor2D;
  }

  /** Trains one client's copy of the global model on its rows and returns what the client sends back. */
  train(global: Float32Array, table: TableRef, rows: RowsRef, client: ClientParams, seed: number): TrainResult {
    const start = performance.now();
    this.setWeights(global);
    const opt = this.optimizer(client.optimizer);
    opt.reset();
    const order = rowsOf(rows.indices, rows.offset, rows.length);
    const n = order.length;
    const batch = client.batchSize === 'full' ? n : Math.min(client.batchSize, n);
    const features = table.x.length / table.y.length;
    const buffer = this.batchBuffer(batch * features);
    const rng = new Rng(deriveSeed(seed, 'shuffle'));
    const mu = client.proximalMu;
    const anchors = mu > 0 ? tf.tidy(() => this.vars.map((v) => v.clone())) : [];
    let lossSum: tf.Scalar = tf.scalar(0);
    let steps = 0;
    for (let epoch = 0; epoch < client.localEpochs; epoch++) {
      rng.shuffle(order);
      for (let from = 0; from < n; from += batch) {
        const to = Math.min(from + batch, n);
        const { x, y } = gatherBatch(table, order, from, to, buffer, client.behaviour === 'label-flip');
        const next = tf.tidy(() => {
          const { value, grads } = tf.variableGrads(
            () => tf.losses.softmaxCrossEntropy(y, this.logits(x, true)) as tf.Scalar,
            this.vars,
          );
          const ordered = this.vars.map((v, i) => {
            const g = grads[v.name];
            // FedProx: the gradient of μ/2·‖w − w_global‖² is μ·(w − w_global).
            return mu > 0 ? tf.add(g, tf.mul(tf.sub(v, anchors[i]), mu)) : g;
          });
          opt.apply(ordered, client.learningRate, client.momentum);
          return tf.add(lossSum, value) as tf.Scalar;
        });
        lossSum.dispose();
        lossSum = next;
        x.dispose();
        y.dispose();
        steps++;
      }
    }
    const loss = steps > 0 ? lossSum.dataSync()[0] / steps : 0;
    lossSum.dispose();
    for (const a of anchors) a.dispose();
    if (!Number.isFinite(loss)) {
      throw new Error(`Client training diverged (loss ${loss}); lower the learning rate.`);
    }
    const weights = this.getWeights();
    applyBehaviour(weights, global, client, deriveSeed(seed, 'behaviour'));
    return { weights, numExamples: n, loss, steps, ms: performance.now() - start };
  }

  /** Scores weights on some rows: mean loss, accuracy and (optionally) the confusion matrix. */
  score(weights: Float32Array | null, table: TableRef, rows: Int32Array | null, withConfusion: boolean): Scores {
    if (weights) this.setWeights(weights);
    const n = rows ? rows.length : table.y.length;
    const order = rows ?? Int32Array.from({ length: n }, (_, i) => i);
    const c = table.numClasses;
    const confusion = withConfusion ? Array.from({ length: c }, () => new Array<number>(c).fill(0)) : undefined;
    const features = table.x.length / table.y.length;
    const buffer = this.batchBuffer(Math.min(EVAL_BATCH, Math.max(n, 1)) * features);
    let lossSum = 0;
    let correct = 0;
    for (let from = 0; from < n; from += EVAL_BATCH) {
      const to = Math.min(from + EVAL_BATCH, n);
      const { x, y } = gatherBatch(table, order, from, to, buffer);
      const [loss, predicted] = tf.tidy(() => {
        const logits = this.logits(x, false);
        const perExample = tf.losses.softmaxCrossEntropy(y, logits, undefined, undefined, tf.Reduction.NONE);
        return [tf.sum(perExample).dataSync()[0], tf.argMax(logits, 1).dataSync() as Int32Array] as const;
      });
      x.dispose();
      y.dispose();
      lossSum += loss;
      for (let i = 0; i < to - from; i++) {
        const truth = table.y[order[from + i]];
        if (predicted[i] === truth) correct++;
        if (confusion) confusion[truth][predicted[i]]++;
      }
    }
    return {
      examples: n,
      loss: n > 0 ? lossSum / n : 0,
      accuracy: n > 0 ? correct / n : 0,
      ...(confusion ? { confusion } : {}),
    };
  }
}

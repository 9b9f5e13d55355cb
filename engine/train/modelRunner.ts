/**
 * One model per worker, reused for every client and evaluation it runs: set the weights, reset the
 * optimizer, train or score, read the weights back. Building a fresh model per client costs more and leaks.
 * Dense models (mlp, logistic) train with the cohort trainer, as a cohort of 1, so a client trained here
 * (pool, queue worker, remote or browser client) gives the same numbers as one trained in a cohort; CNNs
 * train on tfjs's tape.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ClientParams } from '../format/params.js';
import { buildModel } from '../model/buildModel.js';
import type { ModelSpec } from '../model/modelSpec.js';
import { deriveSeed, Rng } from '../random/rng.js';
import type { LocalTraining, RowsRef, Scores, TableRef, TrainResult } from '../run/messages.js';
import { gatherBatch, rowsOf } from './batches.js';
import { applyBehaviour } from './behaviour.js';
import { CohortTrainer, cohortTrains } from './cohort/cohortTrainer.js';
import { LocalOptimizer } from './optimizers.js';

const EVAL_BATCH = 512;

export class ModelRunner {
  readonly model: tfl.LayersModel;
  private readonly vars: tf.Variable[];
  private readonly optimizers = new Map<ClientParams['optimizer'], LocalOptimizer>();
  private buffer = new Float32Array(0);
  private cohortTrainer: CohortTrainer | null = null;

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
    return this.packWeights(this.vars.map((v) => v.dataSync() as Float32Array));
  }

  /** `getWeights` for backends that read back asynchronously only (webgpu in Node). */
  async getWeightsAsync(): Promise<Float32Array> {
    return this.packWeights((await Promise.all(this.vars.map((v) => v.data()))) as Float32Array[]);
  }

  private packWeights(parts: Float32Array[]): Float32Array {
    const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
    let offset = 0;
    for (const p of parts) {
      out.set(p, offset);
      offset += p.length;
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

  /** The cohort trainer of this model (dense models only). */
  get cohort(): CohortTrainer {
    this.cohortTrainer ??= new CohortTrainer(this.spec);
    return this.cohortTrainer;
  }

  /** Trains one client's copy of the global model on its rows and returns what the client sends back. */
  train(global: Float32Array, table: TableRef, rows: RowsRef, client: LocalTraining, seed: number, correction?: Float32Array): TrainResult {
    if (cohortTrains(this.spec)) return this.cohort.train(global, [{ table, rows, client, seed, ...(correction ? { correction } : {}) }])[0];
    return this.trainTaped(global, table, rows, client, seed, correction);
  }

  /** `train` on tfjs's tape, whatever the model: the CNNs' path, and what the cohort trainer is checked against. */
  trainTaped(global: Float32Array, table: TableRef, rows: RowsRef, client: LocalTraining, seed: number, correction?: Float32Array): TrainResult {
    const fit = this.fit(global, table, rows, client, seed, correction);
    const lossSum = fit.lossSum.dataSync()[0];
    return this.finish(fit, lossSum, this.getWeights(), global, client, seed);
  }

  /** `train` for backends that read back asynchronously only (webgpu in Node); the same numbers elsewhere. */
  async trainAsync(
    global: Float32Array,
    table: TableRef,
    rows: RowsRef,
    client: LocalTraining,
    seed: number,
    correction?: Float32Array,
  ): Promise<TrainResult> {
    if (cohortTrains(this.spec)) return (await this.cohort.trainAsync(global, [{ table, rows, client, seed, ...(correction ? { correction } : {}) }]))[0];
    const fit = this.fit(global, table, rows, client, seed, correction);
    const lossSum = (await fit.lossSum.data())[0];
    return this.finish(fit, lossSum, await this.getWeightsAsync(), global, client, seed);
  }

  /** Runs a client's local training on the device; the caller reads the loss and weights back. */
  private fit(global: Float32Array, table: TableRef, rows: RowsRef, client: LocalTraining, seed: number, correction?: Float32Array): Fit {
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
    const corrections = correction ? this.split(correction) : [];
    let lossSum: tf.Scalar = tf.scalar(0);
    let steps = 0;
    const maxSteps = client.maxSteps ?? Infinity;
    for (let epoch = 0; epoch < client.localEpochs && steps < maxSteps; epoch++) {
      rng.shuffle(order);
      for (let from = 0; from < n && steps < maxSteps; from += batch) {
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
            const proximal = mu > 0 ? tf.add(g, tf.mul(tf.sub(v, anchors[i]), mu)) : g;
            // SCAFFOLD: the client steps along g − c_i + c, correcting its drift from the global direction.
            return corrections.length > 0 ? tf.add(proximal, corrections[i]) : proximal;
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
    for (const t of [...anchors, ...corrections]) t.dispose();
    return { start, n, steps, lossSum };
  }

  /** A flat vector as one tensor per model variable. */
  private split(flat: Float32Array): tf.Tensor[] {
    let offset = 0;
    return this.vars.map((v) => {
      const t = tf.tensor(flat.subarray(offset, offset + v.size), v.shape, 'float32');
      offset += v.size;
      return t;
    });
  }

  private finish(fit: Fit, lossSum: number, weights: Float32Array, global: Float32Array, client: LocalTraining, seed: number): TrainResult {
    fit.lossSum.dispose();
    const loss = fit.steps > 0 ? lossSum / fit.steps : 0;
    applyBehaviour(weights, global, client, deriveSeed(seed, 'behaviour'));
    return { weights, numExamples: fit.n, loss, steps: fit.steps, ms: performance.now() - fit.start };
  }

  /** Scores weights on some rows: mean loss, accuracy and (optionally) the confusion matrix. */
  score(weights: Float32Array | null, table: TableRef, rows: Int32Array | null, withConfusion: boolean): Scores {
    if (weights) this.setWeights(weights);
    const tally = new Tally(table, rows, withConfusion);
    for (let from = 0; from < tally.n; from += EVAL_BATCH) {
      const [loss, predicted] = this.scoreBatch(table, tally, from);
      tally.add(from, loss.dataSync()[0], predicted.dataSync() as Int32Array);
      tf.dispose([loss, predicted]);
    }
    return tally.scores();
  }

  /** `score` for backends that read back asynchronously only (webgpu in Node); the same numbers elsewhere. */
  async scoreAsync(weights: Float32Array | null, table: TableRef, rows: Int32Array | null, withConfusion: boolean): Promise<Scores> {
    if (weights) this.setWeights(weights);
    const tally = new Tally(table, rows, withConfusion);
    for (let from = 0; from < tally.n; from += EVAL_BATCH) {
      const [loss, predicted] = this.scoreBatch(table, tally, from);
      const [lossValue, predictedValues] = await Promise.all([loss.data(), predicted.data()]);
      tally.add(from, lossValue[0], predictedValues as Int32Array);
      tf.dispose([loss, predicted]);
    }
    return tally.scores();
  }

  /** The summed loss and the predicted classes of rows `from .. from+EVAL_BATCH` (tensors the caller disposes). */
  private scoreBatch(table: TableRef, tally: Tally, from: number): [tf.Scalar, tf.Tensor1D] {
    const features = table.x.length / table.y.length;
    const buffer = this.batchBuffer(Math.min(EVAL_BATCH, Math.max(tally.n, 1)) * features);
    const to = Math.min(from + EVAL_BATCH, tally.n);
    const { x, y } = gatherBatch(table, tally.order, from, to, buffer);
    const out = tf.tidy(() => {
      const logits = this.logits(x, false);
      const perExample = tf.losses.softmaxCrossEntropy(y, logits, undefined, undefined, tf.Reduction.NONE);
      return [tf.sum(perExample) as tf.Scalar, tf.argMax(logits, 1) as tf.Tensor1D] as [tf.Scalar, tf.Tensor1D];
    });
    x.dispose();
    y.dispose();
    return out;
  }
}

/** A client's training, done on the device, before its results are read back. */
interface Fit {
  start: number;
  n: number;
  steps: number;
  lossSum: tf.Scalar;
}

/** Loss, accuracy and confusion counts over scored batches. */
class Tally {
  readonly n: number;
  readonly order: Int32Array;
  private lossSum = 0;
  private correct = 0;
  private readonly confusion?: number[][];

  constructor(
    private readonly table: TableRef,
    rows: Int32Array | null,
    withConfusion: boolean,
  ) {
    this.n = rows ? rows.length : table.y.length;
    this.order = rows ?? Int32Array.from({ length: this.n }, (_, i) => i);
    const c = table.numClasses;
    if (withConfusion) this.confusion = Array.from({ length: c }, () => new Array<number>(c).fill(0));
  }

  add(from: number, loss: number, predicted: Int32Array): void {
    this.lossSum += loss;
    for (let i = 0; i < predicted.length; i++) {
      const truth = this.table.y[this.order[from + i]];
      if (predicted[i] === truth) this.correct++;
      if (this.confusion) this.confusion[truth][predicted[i]]++;
    }
  }

  scores(): Scores {
    const n = this.n;
    return {
      examples: n,
      loss: n > 0 ? this.lossSum / n : 0,
      accuracy: n > 0 ? this.correct / n : 0,
      ...(this.confusion ? { confusion: this.confusion } : {}),
    };
  }
}

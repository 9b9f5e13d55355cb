/**
 * Trains K clients of a dense model (mlp or logistic) at once, from the same global weights, with their
 * weights stacked [K, …]: one batched forward and hand-written backward pass per step for all of them
 * (on backends whose kernels allow it; see STACKING_BACKENDS).
 * Each client keeps its own rows, shuffles, epochs, batch size, step budget, optimizer state, FedProx μ,
 * SCAFFOLD correction and behaviour. A client's result is bit for bit its result in a cohort of 1,
 * whoever else is in the cohort: every op treats a client's slice on its own, padding adds exact zeros,
 * and a client that is done leaves the stack (an exact copy) instead of being padded.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelSpec } from '../../model/modelSpec.js';
import { weightLayout } from '../../model/modelSpec.js';
import { deriveSeed } from '../../random/rng.js';
import type { LocalTraining, RowsRef, TableRef, TrainResult } from '../../run/messages.js';
import { applyBehaviour } from '../behaviour.js';
import { wasmMatMulStacksExactly } from '../wasmKernels.js';
import { BatchBuffers, gatherCohortBatch, type BatchSource } from './cohortBatch.js';
import { MemberSchedule } from './memberSchedule.js';
import { kernelTransposed, stackedLossAndGrads, type HiddenActivation } from './stackedMlp.js';
import { stackedApply, zeroSlots, type PerClient, type StackedHyper, type StackedState } from './stackedOptimizer.js';

/** One client of a cohort: what a TrainTask carries for it, less what the cohort shares. */
export interface CohortMember {
  table: TableRef;
  rows: RowsRef;
  client: LocalTraining;
  /** Seed for this client's shuffles and noise in this round. */
  seed: number;
  /** Added to every gradient (SCAFFOLD's c − c_i), flat in the model's weight order. */
  correction?: Float32Array;
}

/**
 * Backends whose kernels treat each slice of a stack as they treat it alone, checked bit for bit
 * (test/engine/train/cohortTraining.test.ts). Elsewhere each member is a stack of its own, which keeps
 * contract A by construction. wasm stacks only with engine/train/wasmKernels.ts's BatchMatMul in place:
 * tfjs-backend-wasm 4.22's own kernel runs a matMul of batch > 1 on a blocked scalar loop that sums in
 * another order than its batch-1 XNNPACK path, and the fix runs each slice on that path, in place. webgpu
 * picks its matMul and reduction programs by shape, so a client's sums depend on the stack's size and
 * padding; the tfjs-node backends are unchecked.
 */
const STACKING_BACKENDS: ReadonlySet<string> = new Set(['cpu', 'wasm']);

/** Whether the active backend trains a cohort's members as one stack (else one by one, with the same results). */
export function cohortStacks(): boolean {
  const backend = tf.getBackend();
  return STACKING_BACKENDS.has(backend) && (backend !== 'wasm' || wasmMatMulStacksExactly(tf.backend()));
}

/** Whether this trainer handles a model (CNNs keep the taped path). */
export function cohortTrains(spec: ModelSpec): boolean {
  return spec.params.arch === 'mlp' || spec.params.arch === 'logistic';
}

/**
 * Members that take the same ops: the same optimizer, FedProx on or off, a correction or none. Adding a
 * zero proximal term or a zero correction can turn a −0 into +0, so those are not mixed.
 */
function opsKey(m: CohortMember): string {
  return `${m.client.optimizer}/${m.client.proximalMu > 0}/${m.correction !== undefined}`;
}

/** A finished sub-stack's tensors, read back once at the end. */
interface Done {
  members: number[];
  /** [m, weights] flat in layout order. */
  flat: tf.Tensor2D;
  /** Summed minibatch losses, [m]. */
  lossSum: tf.Tensor1D;
}

/** Everything of a cohort's training that still lives on the device. */
interface Pending {
  done: Done[];
  schedules: MemberSchedule[];
  ms: number[];
}

/** Trains cohorts of one model spec; reuse it for every cohort a worker runs. */
export class CohortTrainer {
  private readonly shapes: number[][];
  private readonly activation: HiddenActivation;
  private readonly buffers = new BatchBuffers();

  constructor(readonly spec: ModelSpec) {
    if (!cohortTrains(spec)) throw new Error(`The cohort trainer trains mlp and logistic models, not ${spec.params.arch}.`);
    this.shapes = weightLayout(spec).map((e) => e.shape);
    this.activation = spec.params.arch === 'mlp' ? spec.params.activation : 'relu';
  }

  /** Trains every member from `global` and returns their results in member order. */
  train(global: Float32Array, members: readonly CohortMember[]): TrainResult[] {
    const pending = this.fit(global, members);
    const read = pending.done.map((d) => ({ flat: d.flat.dataSync() as Float32Array, lossSum: d.lossSum.dataSync() as Float32Array }));
    return this.finish(global, members, pending, read);
  }

  /** `train` for backends that read back asynchronously only (webgpu in Node); the same numbers elsewhere. */
  async trainAsync(global: Float32Array, members: readonly CohortMember[]): Promise<TrainResult[]> {
    const pending = this.fit(global, members);
    const read = await Promise.all(
      pending.done.map(async (d) => ({ flat: (await d.flat.data()) as Float32Array, lossSum: (await d.lossSum.data()) as Float32Array })),
    );
    return this.finish(global, members, pending, read);
  }

  private fit(global: Float32Array, members: readonly CohortMember[]): Pending {
    const total = this.shapes.reduce((s, shape) => s + shape.reduce((a, b) => a * b, 1), 0);
    if (global.length !== total) throw new Error(`Weight vector has ${global.length} values; the model has ${total}.`);
    const schedules = members.map((m) => new MemberSchedule(m.rows, m.client, m.seed));
    const pending: Pending = { done: [], schedules, ms: new Array<number>(members.length).fill(0) };
    const groups = new Map<string, number[]>();
    const alone = !cohortStacks();
    members.forEach((m, i) => {
      const key = alone ? `${i}` : opsKey(m);
      groups.set(key, [...(groups.get(key) ?? []), i]);
    });
    const globals = this.stacked([global]);
    try {
      for (const indices of groups.values()) this.fitGroup(global, globals, members, schedules, indices, pending);
    } finally {
      tf.dispose(globals);
    }
    return pending;
  }

  /** Whether weight `i` (in layout order) is a kernel the trainer keeps transposed, [count, out, in]. */
  private transposed(i: number): boolean {
    return i % 2 === 0 && kernelTransposed(i / 2, this.shapes.length / 2);
  }

  /**
   * One flat vector per stack position as one [count, …] tensor per weight in the trainer's layout: biases
   * [count, 1, out], hidden kernels transposed (see stackedMlp.ts), transposed here on the host. A vector
   * given again for the next position (a cohort's shared start) is copied from it, not transposed again.
   */
  private stacked(flats: readonly Float32Array[]): tf.Tensor[] {
    const count = flats.length;
    let offset = 0;
    return this.shapes.map((shape, i) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const values = new Float32Array(count * n);
      const transposed = this.transposed(i);
      for (let k = 0; k < count; k++) {
        const from = flats[k].subarray(offset, offset + n);
        if (k > 0 && flats[k] === flats[k - 1]) values.copyWithin(k * n, (k - 1) * n, k * n);
        else if (!transposed) values.set(from, k * n);
        else {
          const [rows, cols] = shape;
          for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) values[k * n + c * rows + r] = from[r * cols + c];
        }
      }
      offset += n;
      const stackedShape = shape.length === 1 ? [count, 1, shape[0]] : transposed ? [count, shape[1], shape[0]] : [count, ...shape];
      return tf.tensor(values, stackedShape, 'float32');
    });
  }

  /** Trains members that take the same ops, as one stack that shrinks as members finish. */
  private fitGroup(global: Float32Array, globals: tf.Tensor[], members: readonly CohortMember[], schedules: MemberSchedule[], indices: number[], pending: Pending): void {
    const start = performance.now();
    const first = members[indices[0]].client;
    const kind = first.optimizer;
    const column = (values: number[]): PerClient => (values.every((v) => v === values[0]) ? values[0] : tf.tensor3d(values, [values.length, 1, 1]));
    const tensorsOf = (h: StackedHyper & { mu: PerClient }) => [h.learningRate, h.momentum, h.mu].filter((v): v is tf.Tensor => typeof v !== 'number');
    // Copied on the host: wasm's Tile kernel is a slow generic loop.
    const weights = this.stacked(indices.map(() => global));
    let state: StackedState = { weights, ...zeroSlots(kind, weights) };
    let hyper: StackedHyper & { mu: PerClient } = {
      learningRate: column(indices.map((i) => members[i].client.learningRate)),
      momentum: column(indices.map((i) => members[i].client.momentum)),
      mu: column(indices.map((i) => members[i].client.proximalMu)),
    };
    const proximal = first.proximalMu > 0;
    let corrections = members[indices[0]].correction ? this.stacked(indices.map((i) => members[i].correction!)) : [];
    let lossSum: tf.Tensor1D = tf.zeros([indices.length]);
    let active = indices;
    const sources: BatchSource[] = members.map((m, i) => ({ table: m.table, schedule: schedules[i], flipLabels: m.client.behaviour === 'label-flip' }));
    for (let step = 0; active.length > 0; step++) {
      // Members out of steps leave the stack here: their tensors are read back at the end.
      const keep = active.map((m, p) => [m, p] as const).filter(([m]) => schedules[m].steps > step);
      if (keep.length < active.length) {
        const leaving = active.map((m, p) => [m, p] as const).filter(([m]) => schedules[m].steps <= step);
        pending.done.push(this.extract(state.weights, lossSum, leaving));
        if (keep.length === 0) break;
        const pick = tf.tensor1d(keep.map(([, p]) => p), 'int32');
        const gather = (ts: tf.Tensor[]) => ts.map((t) => tf.gather(t, pick));
        const pickFrom = (v: PerClient): PerClient => (typeof v === 'number' ? v : tf.gather(v, pick));
        const next = tf.tidy(() => ({
          state: { weights: gather(state.weights), first: gather(state.first), second: gather(state.second) },
          hyper: { learningRate: pickFrom(hyper.learningRate), momentum: pickFrom(hyper.momentum), mu: pickFrom(hyper.mu) },
          corrections: gather(corrections),
          lossSum: tf.gather(lossSum, pick),
        }));
        tf.dispose([pick, ...state.weights, ...state.first, ...state.second, ...tensorsOf(hyper), ...corrections, lossSum]);
        ({ state, hyper, corrections, lossSum } = next);
        active = keep.map(([m]) => m);
      }
      const batch = gatherCohortBatch(active.map((m) => sources[m]), step, this.buffers);
      const next = tf.tidy(() => {
        const { loss, grads } = stackedLossAndGrads(state.weights, batch, this.activation);
        const adjusted = grads.map((g, i) => {
          // FedProx: the gradient of μ/2·‖w − w_global‖² is μ·(w − w_global).
          const withProx = proximal ? tf.add(g, tf.mul(tf.sub(state.weights[i], globals[i]), hyper.mu)) : g;
          // SCAFFOLD: the client steps along g − c_i + c, correcting its drift from the global direction.
          return corrections.length > 0 ? tf.add(withProx, corrections[i]) : withProx;
        });
        return { state: stackedApply(kind, state, adjusted, hyper, step + 1), lossSum: tf.add(lossSum, loss) as tf.Tensor1D };
      });
      tf.dispose([batch.x, batch.xT, batch.y, batch.scale, batch.rows, ...state.weights, ...state.first, ...state.second, lossSum]);
      ({ state, lossSum } = next);
    }
    tf.dispose([...state.weights, ...state.first, ...state.second, ...tensorsOf(hyper), ...corrections, lossSum]);
    // Each member's share of the group's wall time (they trained together).
    const ms = (performance.now() - start) / indices.length;
    for (const i of indices) pending.ms[i] = ms;
  }

  /** The weights and loss sums of stack positions `leaving`, flat, as new tensors. */
  private extract(weights: tf.Tensor[], lossSum: tf.Tensor1D, leaving: ReadonlyArray<readonly [number, number]>): Done {
    return tf.tidy(() => {
      // The whole stack leaving (always so for a cohort of 1) needs no gather: wasm's is a slow generic loop.
      const whole = leaving.length === lossSum.shape[0];
      const pick = whole ? null : tf.tensor1d(leaving.map(([, p]) => p), 'int32');
      const take = <T extends tf.Tensor>(t: T): T => (pick ? (tf.gather(t, pick) as T) : t);
      // Back to layout order: hidden kernels [m, in, out] again.
      const inLayout = (w: tf.Tensor, i: number): tf.Tensor => (this.transposed(i) ? tf.transpose(take(w), [0, 2, 1]) : take(w));
      const flat = tf.concat(weights.map((w, i) => tf.reshape(inLayout(w, i), [leaving.length, -1])), 1) as tf.Tensor2D;
      return { members: leaving.map(([m]) => m), flat, lossSum: whole ? tf.clone(lossSum) : take(lossSum) };
    });
  }

  private finish(
    global: Float32Array,
    members: readonly CohortMember[],
    pending: Pending,
    read: { flat: Float32Array; lossSum: Float32Array }[],
  ): TrainResult[] {
    const results = new Array<TrainResult>(members.length);
    pending.done.forEach((d, j) => {
      const { flat, lossSum } = read[j];
      const size = global.length;
      d.members.forEach((m, p) => {
        const member = members[m];
        const steps = pending.schedules[m].steps;
        // A fresh buffer per client, safe to transfer.
        const weights = flat.slice(p * size, (p + 1) * size);
        applyBehaviour(weights, global, member.client, deriveSeed(member.seed, 'behaviour'));
        results[m] = { weights, numExamples: pending.schedules[m].n, loss: steps > 0 ? lossSum[p] / steps : 0, steps, ms: pending.ms[m] };
      });
      tf.dispose([d.flat, d.lossSum]);
    });
    return results;
  }
}

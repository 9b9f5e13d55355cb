/**
 * One step's minibatches of a cohort, stacked: member k's rows in slice k, each slice padded with zero rows
 * to the widest member's batch. A padded row has no label and a loss weight of 0, so it adds exact zeros to
 * every sum and a member's numbers do not depend on how far it was padded.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TableRef } from '../../run/messages.js';
import type { MemberSchedule } from './memberSchedule.js';

/** What the stacked forward and backward passes read: inputs, one-hot labels and each row's loss weight. */
export interface StackedBatch {
  /** [K, B, features]. */
  x: tf.Tensor3D;
  /** The same rows feature-major, [K, features, B] (what the hidden layers read; see stackedMlp.ts). */
  xT: tf.Tensor3D;
  /** [K, B, classes], one-hot; all zero on padded rows. */
  y: tf.Tensor3D;
  /** [K, B, 1]: 1/(member's rows in this batch) on its real rows, 0 on padded ones (d mean loss / d row loss). */
  scale: tf.Tensor3D;
  /** Real rows of each member in this batch (the mean's denominators), [K]. */
  rows: tf.Tensor1D;
}

/** A member as the gatherer sees it. */
export interface BatchSource {
  table: TableRef;
  schedule: MemberSchedule;
  flipLabels: boolean;
}

/** Reused host buffers, so a step allocates no JS arrays of batch size. */
export class BatchBuffers {
  private x = new Float32Array(0);
  private y = new Float32Array(0);
  private s = new Float32Array(0);

  /** Buffers of at least these sizes (views of exactly these sizes); y and s zeroed, x as last left. */
  take(xSize: number, ySize: number, sSize: number): { x: Float32Array; y: Float32Array; s: Float32Array } {
    if (this.x.length < xSize) this.x = new Float32Array(xSize);
    if (this.y.length < ySize) this.y = new Float32Array(ySize);
    if (this.s.length < sSize) this.s = new Float32Array(sSize);
    const x = this.x.subarray(0, xSize);
    const y = this.y.subarray(0, ySize);
    const s = this.s.subarray(0, sSize);
    y.fill(0);
    s.fill(0);
    return { x, y, s };
  }
}

/** Gathers step `step` of every member in `members` (all of which still have that step) into one stacked batch. */
export function gatherCohortBatch(members: readonly BatchSource[], step: number, buffers: BatchBuffers): StackedBatch {
  const ranges = members.map((m) => m.schedule.rowsAt(step));
  const width = Math.max(...ranges.map((r) => r.to - r.from));
  const first = members[0].table;
  const f = first.x.length / first.y.length;
  const c = first.numClasses;
  const k = members.length;
  const { x, y, s } = buffers.take(k * width * f, k * width * c, k * width);
  const rows = new Float32Array(k);
  members.forEach((m, i) => {
    const { table, schedule, flipLabels } = m;
    const { from, to } = ranges[i];
    const n = to - from;
    rows[i] = n;
    // The same float32 value tfjs's mean gradient gives each row: 1 / n, correctly rounded.
    const share = Math.fround(1 / n);
    for (let r = 0; r < n; r++) {
      const row = schedule.order[from + r];
      const at = i * width + r;
      x.set(table.x.subarray(row * f, row * f + f), at * f);
      const label = table.y[row];
      y[at * c + (flipLabels ? c - 1 - label : label)] = 1;
      s[at] = share;
    }
    // Every value is written each step: the rows above, zeros for the padding.
    x.fill(0, (i * width + n) * f, (i + 1) * width * f);
  });
  const xs = tf.tensor3d(x, [k, width, f]);
  return {
    x: xs,
    // On the backend: wasm's Transpose is a fraction of a strided copy on the host.
    xT: tf.transpose(xs, [0, 2, 1]),
    y: tf.tensor3d(y, [k, width, c]),
    scale: tf.tensor3d(s, [k, width, 1]),
    rows: tf.tensor1d(rows),
  };
}

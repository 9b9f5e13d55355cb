/** Gathering minibatches from a shared table by row index, into reused buffers. */
import * as tf from '@tensorflow/tfjs-core';
import type { TableRef } from '../run/messages.js';

/** Copies rows `order[from..to)` of the table into one input tensor and a one-hot label tensor. */
export function gatherBatch(
  table: TableRef,
  order: Int32Array,
  from: number,
  to: number,
  buffer: Float32Array,
  flipLabels = false,
): { x: tf.Tensor; y: tf.Tensor2D } {
  const f = table.x.length / table.y.length;
  const n = to - from;
  const xs = buffer.length >= n * f ? buffer.subarray(0, n * f) : new Float32Array(n * f);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = order[from + i];
    xs.set(table.x.subarray(row * f, row * f + f), i * f);
    const label = table.y[row];
    labels[i] = flipLabels ? table.numClasses - 1 - label : label;
  }
  return tf.tidy(() => ({
    x: tf.tensor(xs, [n, ...table.featureShape]),
    y: tf.oneHot(tf.tensor1d(labels, 'int32'), table.numClasses) as tf.Tensor2D,
  }));
}

/** The rows a client owns, as a fresh array it may shuffle. */
export function rowsOf(indices: Int32Array, offset: number, length: number): Int32Array {
  return indices.slice(offset, offset + length);
}

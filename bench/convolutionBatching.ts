/**
 * Why the FedAvg CNN has no cohort path on wasm: each of its convolutions, forward and filter gradient,
 * at one client's batch (32 rows) and at ten times the rows through the same filter. Ten rows-batches
 * through one filter is the best a cohort of 10 could do (a real cohort has a filter per client, so it
 * cannot even share the packed filter). Where GFLOP/s stay the same, one client's convolution already
 * runs as fast as XNNPACK goes and batching the round's clients cannot pay; the MLP's small products are
 * the opposite case (per-call overhead and operand packing), which is why its cohort path exists.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers'; // registers the gradients tf.grad needs
import { CNN_LAYOUT } from '../engine/model/modelSpec.js';
import { startBackend } from '../engine/train/backend.js';
import type { BenchContext } from './context.js';
import { fmt, ratio, type Section } from './report.js';
import { median } from './roundTimer.js';

interface ConvCase {
  layer: 'conv1' | 'conv2';
  /** Input [rows, size, size, inChannels], filter [k, k, inChannels, outChannels]. */
  size: number;
  inChannels: number;
  outChannels: number;
}

/** The CNN's two convolutions on 28 × 28 MNIST ('same' padding; conv2 after a 2 × 2 pool). */
const CASES: ConvCase[] = [
  { layer: 'conv1', size: 28, inChannels: 1, outChannels: CNN_LAYOUT.conv1 },
  { layer: 'conv2', size: 14, inChannels: CNN_LAYOUT.conv1, outChannels: CNN_LAYOUT.conv2 },
];
const CLIENT_ROWS = 32;
const COHORT = 10;

interface ConvSpeed {
  rows: number;
  forwardGflops: number;
  forwardAndFilterGradGflops: number;
}

/** Median ms of `reps` calls after one warm-up, each in its own scope (tf.tidy around dataSync is slow). */
function timeMs(f: () => void, reps: number): number {
  f();
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    tf.engine().startScope();
    const t0 = performance.now();
    f();
    ms.push(performance.now() - t0);
    tf.engine().endScope();
  }
  return median(ms);
}

function measure(c: ConvCase, rows: number, reps: number): ConvSpeed {
  const k = CNN_LAYOUT.kernel;
  const x = tf.randomNormal([rows, c.size, c.size, c.inChannels]) as tf.Tensor4D;
  const filter = tf.randomNormal([k, k, c.inChannels, c.outChannels]) as tf.Tensor4D;
  const dy = tf.randomNormal([rows, c.size, c.size, c.outChannels]);
  const flop = rows * c.size * c.size * k * k * c.inChannels * c.outChannels * 2;
  // A fresh filter each call, as in training, where the weights change every step.
  const forward = timeMs(() => tf.conv2d(x, tf.add(filter, 0) as tf.Tensor4D, 1, 'same').dataSync(), reps);
  const filterGrad = tf.grad((w: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, w as tf.Tensor4D, 1, 'same'), dy)));
  const both = timeMs(() => filterGrad(tf.add(filter, 0)).dataSync(), reps);
  tf.dispose([x, filter, dy]);
  return { rows, forwardGflops: flop / forward / 1e6, forwardAndFilterGradGflops: (2 * flop) / both / 1e6 };
}

export async function convolutionBatchingBench(ctx: BenchContext): Promise<Section> {
  const title = `Convolutions: one client's batch against ${COHORT} clients' rows (CNN, wasm, 1 thread)`;
  if (ctx.args.backend !== 'wasm') {
    return { name: 'convolutions', title, rows: [{ label: 'measured on wasm only', value: '—' }], data: null };
  }
  await startBackend('wasm');
  const reps = ctx.args.quick ? 2 : 5;
  const rows: Section['rows'] = [];
  const data = [];
  for (const c of CASES) {
    ctx.log(`convolutions: ${c.layer} at ${CLIENT_ROWS} and ${CLIENT_ROWS * COHORT} rows`);
    const one = measure(c, CLIENT_ROWS, reps);
    const cohort = measure(c, CLIENT_ROWS * COHORT, Math.max(1, reps - 2));
    data.push({ ...c, client: one, cohort });
    const shape = `${c.size}×${c.size}×${c.inChannels} → ${c.outChannels}`;
    rows.push(
      { label: `${c.layer} (${shape}) forward, ${one.rows} / ${cohort.rows} rows`, value: `${fmt(one.forwardGflops, 1)} / ${fmt(cohort.forwardGflops, 1)} GFLOP/s` },
      { label: `${c.layer} forward + filter gradient, ${one.rows} / ${cohort.rows} rows`, value: `${fmt(one.forwardAndFilterGradGflops, 1)} / ${fmt(cohort.forwardAndFilterGradGflops, 1)} GFLOP/s` },
      { label: `  ${cohort.rows} rows ÷ ${one.rows} (speed per FLOP; a cohort could gain at most this)`, value: ratio(cohort.forwardAndFilterGradGflops / one.forwardAndFilterGradGflops) },
    );
  }
  return { name: 'convolutions', title, rows, data };
}

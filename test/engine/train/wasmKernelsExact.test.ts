/**
 * The wasm kernels FedFlow registers that must give tfjs-backend-wasm's own numbers bit for bit (faster
 * routes to the same sums): the MaxPoolGrad of non-overlapping windows, a product with bᵀ run as (b·aᵀ)ᵀ,
 * and the cohort trainer's stacked output layer and fused optimizer updates. The shipped kernels are kept from before the fixes are
 * registered, and each fixed kernel is checked against them on inputs full of ties, zeros and signs.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import type { KernelBackend, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { registerWasmKernelFixes } from '../../../engine/train/wasmKernels.js';
import { fusedUpdatesRun, MOMENTUM_STEP, SGD_STEP } from '../../../engine/train/wasmOptimizerKernels.js';
import { STACKED_LINEAR } from '../../../engine/train/wasmStackedMatMul.js';
import { Rng } from '../../../engine/random/rng.js';

const shipped = new Map<string, KernelFunc>();

before(async () => {
  tf.enableProdMode();
  for (const name of ['MaxPoolGrad', 'BatchMatMul']) shipped.set(name, tf.getKernel(name, 'wasm')!.kernelFunc);
  registerWasmKernelFixes();
  assert.ok(await tf.setBackend('wasm'));
});

/** Runs a shipped kernel on tensors and returns its output as a tensor. */
function runShipped(name: string, inputs: Record<string, tf.Tensor>, attrs: NamedAttrMap): tf.Tensor {
  const out = shipped.get(name)!({ inputs: inputs as unknown as Record<string, TensorInfo>, backend: tf.backend() as KernelBackend, attrs }) as TensorInfo;
  return tf.engine().makeTensorFromTensorInfo(out);
}

function bits(t: tf.Tensor): Uint32Array {
  const data = t.dataSync() as Float32Array;
  return new Uint32Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

/** Values with many exact ties: ReLU'd steps of 0.25, some −0, some below FLT_MIN, some negative. */
function tieHeavy(rng: Rng, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => {
    const r = rng.next();
    if (r < 0.3) return 0;
    if (r < 0.35) return -0;
    if (r < 0.4) return 1e-39;
    if (r < 0.5) return -Math.round(rng.next() * 4) / 4;
    return Math.round(rng.next() * 8) / 4;
  });
}

test('MaxPoolGrad of non-overlapping windows gives the shipped kernel’s gradient bit for bit', () => {
  const rng = new Rng(7);
  // [input shape, filter, stride, pad]: the FedAvg CNN's two pools, odd sizes that leave a row out or pad
  // at the bottom, a 3×3 pool, and overlapping windows (the shipped kernel runs there).
  const cases: [[number, number, number, number], number, number, 'valid' | 'same'][] = [
    [[4, 28, 28, 8], 2, 2, 'valid'], [[3, 14, 14, 16], 2, 2, 'valid'], [[2, 7, 7, 3], 2, 2, 'valid'],
    [[2, 7, 9, 3], 2, 2, 'same'], [[1, 9, 9, 2], 3, 3, 'valid'], [[2, 9, 9, 2], 3, 2, 'valid'], [[1, 1, 1, 1], 1, 1, 'valid'],
  ];
  for (const [shape, filter, stride, pad] of cases) {
    tf.tidy(() => {
      const x = tf.tensor4d(tieHeavy(rng, shape.reduce((a, b) => a * b, 1)), shape);
      const y = tf.maxPool(x, filter, stride, pad);
      const dy = tf.tensor(tieHeavy(rng, y.size).map((v) => v - 0.5), y.shape);
      const attrs = { filterSize: filter, strides: stride, pad, dimRoundingMode: undefined } as unknown as NamedAttrMap;
      const fast = tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output: y }, attrs) as tf.Tensor;
      const reference = runShipped('MaxPoolGrad', { dy, input: x, output: y }, attrs);
      assert.deepEqual(bits(fast), bits(reference), `${shape} pool ${filter} stride ${stride} ${pad}`);
    });
  }
});

test('a product taken the other way round gives XNNPACK’s numbers bit for bit, with b transposed or not', () => {
  const rng = new Rng(8);
  // [m, k, n]: the CNN's dense layer (32×3136 · 3136×512, and its input gradient), the MLP's first layer,
  // and small or lopsided ones that stay direct.
  const shapes = [[32, 3136, 512], [32, 512, 3136], [32, 784, 128], [32, 128, 784], [32, 10, 64], [1, 50, 300], [4, 3, 500], [64, 32, 128], [4, 3136, 512]];
  for (const [m, k, n] of shapes) {
    for (const transposed of [false, true]) {
      tf.tidy(() => {
        const a = tf.tensor(Float32Array.from({ length: m * k }, () => rng.normal()), [1, m, k]);
        const b = tf.tensor(Float32Array.from({ length: n * k }, () => rng.normal()), transposed ? [1, n, k] : [1, k, n]);
        const fixed = tf.matMul(a, b, false, transposed);
        // The shipped kernel's own XNNPACK path: batch 1 and nothing transposed.
        const plainB = transposed ? tf.transpose(b, [0, 2, 1]) : b;
        const reference = runShipped('BatchMatMul', { a, b: plainB }, { transposeA: false, transposeB: false });
        assert.deepEqual(bits(fixed), bits(reference), `[${m},${k}]·[${k},${n}] given ${transposed ? 'transposed' : 'plain'}`);
      });
    }
  }
});

test('the stacked output layer gives each slice what the fused matMul with its bias gives alone', () => {
  const rng = new Rng(9);
  for (const [K, m, k, n] of [[10, 32, 64, 10], [3, 7, 784, 10], [1, 32, 64, 10], [4, 1, 5, 3]]) {
    tf.tidy(() => {
      const x = tf.tensor(Float32Array.from({ length: K * m * k }, () => rng.normal()), [K, m, k]);
      const w = tf.tensor(Float32Array.from({ length: K * k * n }, () => rng.normal()), [K, k, n]);
      const bias = tf.tensor(Float32Array.from({ length: K * n }, () => rng.normal()), [K, 1, n]);
      const stacked = tf.engine().runKernel(STACKED_LINEAR, { x, w, bias }, {}) as tf.Tensor;
      assert.deepEqual(stacked.shape, [K, m, n]);
      // wasm's fused kernel wants a bias stored rank-1 (a reshape keeps the stored rank): slice a flat one.
      const flatBias = tf.reshape(bias, [K * n]);
      for (let s = 0; s < K; s++) {
        const alone = tf.fused.matMul({
          a: tf.slice(x, [s, 0, 0], [1, -1, -1]) as tf.Tensor3D,
          b: tf.slice(w, [s, 0, 0], [1, -1, -1]) as tf.Tensor3D,
          bias: tf.slice(flatBias, [s * n], [n]),
        });
        assert.deepEqual(bits(tf.slice(stacked, [s, 0, 0], [1, -1, -1])), bits(alone), `K=${K} [${m},${k}]·[${k},${n}] slice ${s}`);
      }
    });
  }
});

test('the fused SGD and momentum updates give the tfjs ops’ numbers bit for bit, tails included', () => {
  assert.ok(fusedUpdatesRun(tf.backend()), 'the update module runs on this wasm backend');
  const rng = new Rng(10);
  for (const n of [1, 3, 4, 5, 16, 1003, 100352]) {
    tf.tidy(() => {
      const values = () => tf.tensor(Float32Array.from({ length: n }, () => rng.normal()), [n]);
      const [w, buf, g] = [values(), values(), values()];
      const [lr, m] = [0.01, 0.9];
      const sgd = tf.engine().runKernel(SGD_STEP, { w, g }, { learningRate: lr }) as tf.Tensor;
      assert.deepEqual(bits(sgd), bits(tf.sub(w, tf.mul(g, lr))), `sgd n=${n}`);
      const [w2, buf2] = tf.engine().runKernel(MOMENTUM_STEP, { w, buf, g }, { learningRate: lr, momentum: m }) as tf.Tensor[];
      const expectedBuf = tf.add(tf.mul(buf, m), g);
      assert.deepEqual(bits(buf2), bits(expectedBuf), `momentum buffer n=${n}`);
      assert.deepEqual(bits(w2), bits(tf.sub(w, tf.mul(expectedBuf, lr))), `momentum weights n=${n}`);
    });
  }
});

test('the stacked output layer, the fused updates and the fast MaxPoolGrad leave no tensors, buffers or heap growth behind', () => {
  const heap = () => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
  const rng = new Rng(11);
  const filledWith = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), shape);
  const [x, w, bias, g, buf] = [filledWith([10, 32, 64]), filledWith([10, 64, 10]), filledWith([10, 1, 10]), filledWith([10, 64, 10]), filledWith([10, 64, 10])];
  const pooled = filledWith([8, 28, 28, 4]);
  const step = () => tf.tidy(() => {
    (tf.engine().runKernel(STACKED_LINEAR, { x, w: tf.add(w, 1), bias }, {}) as tf.Tensor).dataSync();
    (tf.engine().runKernel(SGD_STEP, { w, g }, { learningRate: 0.1 }) as tf.Tensor).dataSync();
    (tf.engine().runKernel(MOMENTUM_STEP, { w, buf, g }, { learningRate: 0.1, momentum: 0.9 }) as tf.Tensor[])[0].dataSync();
    const y = tf.maxPool(pooled as tf.Tensor4D, 2, 2, 'valid');
    const attrs = { filterSize: 2, strides: 2, pad: 'valid', dimRoundingMode: undefined } as unknown as NamedAttrMap;
    (tf.engine().runKernel('MaxPoolGrad', { dy: tf.onesLike(y), input: pooled, output: y }, attrs) as tf.Tensor).dataSync();
  });
  for (let i = 0; i < 3; i++) step();
  const before = { tensors: tf.memory().numTensors, buffers: tf.engine().backend.numDataIds(), heap: heap() };
  for (let i = 0; i < 30; i++) step();
  assert.deepEqual({ tensors: tf.memory().numTensors, buffers: tf.engine().backend.numDataIds(), heap: heap() }, before);
  tf.dispose([x, w, bias, g, buf, pooled]);
});

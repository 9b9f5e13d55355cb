import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { registerWasmKernelFixes } from '../../../engine/train/wasmKernels.js';

type Backend = 'cpu' | 'wasm';

/** Deterministic values in [-1, 1) so both backends see identical inputs. */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

function filled(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(values(shape.reduce((a, b) => a * b, 1), seed), shape);
}

/** Runs fn on the given backend and returns plain arrays, disposing every tensor it made. */
async function on(backend: Backend, fn: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const outs = tf.tidy(fn);
  const data = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  return data;
}

function assertClose(actual: Float32Array, expected: Float32Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let maxDiff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  assert.ok(maxDiff <= 1e-4 * Math.max(scale, 1e-6), `${what}: max diff ${maxDiff} vs scale ${scale}`);
}

async function assertBackendsAgree(what: string, fn: () => tf.Tensor[]): Promise<void> {
  const cpu = await on('cpu', fn);
  const wasm = await on('wasm', fn);
  assert.equal(wasm.length, cpu.length);
  cpu.forEach((expected, i) => assertClose(wasm[i], expected, `${what} [${i}]`));
}

before(async () => {
  tf.enableProdMode();
  // Registered before the wasm backend initialises: the shipped setup hooks must still run.
  registerWasmKernelFixes();
  assert.ok(await tf.setBackend('wasm'));
});

test('registering the wasm kernel fixes twice changes nothing', () => {
  const names = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'BatchMatMul'];
  const before = names.map((n) => tf.getKernel(n, 'wasm'));
  before.forEach((k, i) => assert.ok(k, `${names[i]} is registered for wasm`));
  registerWasmKernelFixes();
  names.forEach((n, i) => assert.equal(tf.getKernel(n, 'wasm'), before[i], n));
});

test("wasm conv gradients equal the cpu backend's", async () => {
  const cases: { k: number; pad: 'same' | 'valid'; stride: number }[] = [
    { k: 3, pad: 'same', stride: 1 },
    { k: 3, pad: 'valid', stride: 1 },
    { k: 5, pad: 'same', stride: 1 },
    { k: 5, pad: 'valid', stride: 1 },
    { k: 3, pad: 'same', stride: 2 },
    { k: 3, pad: 'valid', stride: 2 },
    { k: 5, pad: 'valid', stride: 2 },
  ];
  for (const { k, pad, stride } of cases) {
    await assertBackendsAgree(`conv ${k}x${k} ${pad} stride ${stride}`, () => {
      const x = filled([2, 8, 8, 3], 1) as tf.Tensor4D;
      const w = filled([k, k, 3, 4], 2) as tf.Tensor4D;
      const outShape = tf.conv2d(x, w, stride, pad).shape;
      const r = filled(outShape, 3);
      const loss = (xx: tf.Tensor, ww: tf.Tensor) =>
        tf.sum(tf.mul(tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, stride, pad), r));
      const [dx, dw] = tf.grads(loss)([x, w]);
      return [dx, dw];
    });
  }
});

test("wasm conv gradients through a two-layer relu net equal the cpu backend's", async () => {
  await assertBackendsAgree('two-layer conv net', () => {
    const x = filled([2, 8, 8, 3], 4);
    const w1 = tf.variable(tf.mul(filled([3, 3, 3, 6], 5), 0.3), true, 'wk_w1');
    const w2 = tf.variable(tf.mul(filled([5, 5, 6, 4], 6), 0.3), true, 'wk_w2');
    const { value, grads } = tf.variableGrads(() => {
      const h = tf.relu(tf.conv2d(x as tf.Tensor4D, w1 as tf.Tensor4D, 1, 'same'));
      const y = tf.conv2d(h, w2 as tf.Tensor4D, 1, 'valid');
      return tf.mean(tf.square(y));
    }, [w1, w2]);
    const out = [value, grads.wk_w1, grads.wk_w2];
    w1.dispose();
    w2.dispose();
    return out;
  });
});

test("wasm filter gradient of a channels-first conv equals the cpu backend's", async () => {
  await assertBackendsAgree('NCHW Conv2DBackpropFilter', () => {
    const x = filled([2, 3, 8, 8], 7);
    const dy = filled([2, 4, 8, 8], 8);
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 3, 4] };
    return [tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs) as tf.Tensor];
  });
});

test("wasm matMul gradients with transposed operands equal the cpu backend's", async () => {
  const variants: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];
  for (const batch of [[], [2]]) {
    for (const [ta, tb] of variants) {
      await assertBackendsAgree(`matMul batch=${batch} tA=${ta} tB=${tb}`, () => {
        const a = filled([...batch, ...(ta ? [7, 5] : [5, 7])], 9);
        const b = filled([...batch, ...(tb ? [6, 7] : [7, 6])], 10);
        const r = filled([...batch, 5, 6], 11);
        const f = (aa: tf.Tensor, bb: tf.Tensor) => tf.matMul(aa, bb, ta, tb);
        const [da, db] = tf.grads((aa: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(f(aa, bb), r)))([a, b]);
        return [f(a, b), da, db];
      });
    }
  }
});

/** The float32 bits of a tensor, for bit-for-bit comparisons. */
function bits(t: tf.Tensor): Uint32Array {
  const data = t.dataSync() as Float32Array;
  return new Uint32Array(data.buffer, data.byteOffset, data.length);
}

test('each slice of a stacked wasm matMul is, bit for bit, the same product alone', async () => {
  await tf.setBackend('wasm');
  // [rows, inner, cols, transposes]: the seed MLP (784-128-64-10, batch 32) forward, its two gradient
  // products (x^T·dz and dz·W^T), and odd sizes; inner sizes above 48 are where the shipped kernel differs.
  const shapes: [number, number, number, string][] = [
    [32, 784, 128, ''], [32, 128, 64, ''], [32, 64, 10, ''],
    [784, 32, 128, 'A'], [128, 32, 64, 'A'], [64, 32, 10, 'A'],
    [32, 10, 64, 'B'], [32, 64, 128, 'B'], [7, 53, 3, 'AB'], [1, 97, 1, ''], [5, 1, 9, ''],
  ];
  for (const [m, inner, n, t] of shapes) {
    const ta = t.includes('A');
    const tb = t.includes('B');
    for (const [ka, kb] of [[2, 2], [3, 3], [10, 10], [4, 1], [1, 4]]) {
      const a = filled(ta ? [ka, inner, m] : [ka, m, inner], m + ka);
      const b = filled(tb ? [kb, n, inner] : [kb, inner, n], n + kb);
      const stacked = tf.matMul(a, b, ta, tb);
      for (let k = 0; k < Math.max(ka, kb); k++) {
        const alone = tf.tidy(() => tf.matMul(
          tf.slice(a, [ka === 1 ? 0 : k, 0, 0], [1, -1, -1]),
          tf.slice(b, [kb === 1 ? 0 : k, 0, 0], [1, -1, -1]), ta, tb));
        const slice = tf.slice(stacked, [k, 0, 0], [1, -1, -1]);
        assert.deepEqual(bits(slice), bits(alone), `[${ka},${m},${inner}]x[${kb},${inner},${n}] t=${t} slice ${k}`);
        tf.dispose([alone, slice]);
      }
      tf.dispose([a, b, stacked]);
    }
  }
  // Every stack size from 1 to 10, and outer dimensions beyond one.
  for (let K = 1; K <= 10; K++) {
    const [a, b] = [filled([K, 32, 128], K), filled([K, 128, 64], 20 + K)];
    const stacked = tf.matMul(a, b);
    for (let k = 0; k < K; k++) {
      const alone = tf.tidy(() => tf.matMul(tf.slice(a, [k, 0, 0], [1, -1, -1]), tf.slice(b, [k, 0, 0], [1, -1, -1])));
      const slice = tf.slice(stacked, [k, 0, 0], [1, -1, -1]);
      assert.deepEqual(bits(slice), bits(alone), `K=${K} slice ${k}`);
      tf.dispose([alone, slice]);
    }
    tf.dispose([a, b, stacked]);
  }
  const [a4, b4] = [filled([2, 3, 8, 60], 30), filled([2, 3, 60, 5], 31)];
  const flat = tf.tidy(() => tf.reshape(tf.matMul(tf.reshape(a4, [6, 8, 60]), tf.reshape(b4, [6, 60, 5])), [2, 3, 8, 5]));
  const rank4 = tf.matMul(a4, b4);
  assert.deepEqual(rank4.shape, [2, 3, 8, 5]);
  assert.deepEqual(bits(rank4), bits(flat), 'rank-4 stack');
  tf.dispose([a4, b4, flat, rank4]);
});

test('stacked wasm matMuls leave no tensors, buffers or heap growth behind', async () => {
  await tf.setBackend('wasm');
  const heap = () => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
  const a = filled([10, 32, 784], 40);
  const b = filled([10, 784, 128], 41);
  const dz = filled([10, 32, 128], 42);
  // The seed MLP's first layer, forward and backward, for a stack of 10; the weights differ every step,
  // as in training, so every call packs fresh XNNPACK operators.
  const step = (i: number) => tf.tidy(() => {
    const w = tf.add(b, i);
    tf.matMul(a, w).dataSync();
    tf.matMul(a, dz, true, false).dataSync();
    tf.matMul(dz, w, false, true).dataSync();
  });
  for (let i = 0; i < 3; i++) step(i);
  const before = { ...tf.memory(), buffers: tf.engine().backend.numDataIds(), heap: heap() };
  for (let i = 0; i < 40; i++) step(i);
  assert.equal(tf.memory().numTensors, before.numTensors, 'tensors');
  assert.equal(tf.memory().numBytes, before.numBytes, 'bytes');
  assert.equal(tf.engine().backend.numDataIds(), before.buffers, 'wasm buffers');
  assert.equal(heap(), before.heap, 'wasm heap size');
  tf.dispose([a, b, dz]);
});

test('a CNN trains on the wasm backend without leaking tensors', async () => {
  await tf.setBackend('wasm');
  const seeded = (seed: number) => tfl.initializers.glorotUniform({ seed });
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [12, 12, 1], filters: 4, kernelSize: 5, padding: 'same',
        activation: 'relu', kernelInitializer: seeded(1),
      }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      // A second conv so that backprop also runs Conv2DBackpropInput.
      tfl.layers.conv2d({
        filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: seeded(2),
      }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 10, kernelInitializer: seeded(3) }),
    ],
  });
  const xs = filled([16, 12, 12, 1], 12);
  const labels = tf.oneHot(tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 10), 'int32'), 10);
  const optimizer = tf.train.sgd(0.1);
  const step = (): number => {
    const loss = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(labels, model.apply(xs) as tf.Tensor) as tf.Scalar,
      true,
    );
    assert.ok(loss);
    const value = loss.dataSync()[0];
    loss.dispose();
    return value;
  };
  const losses = [step()];
  const tensorsAfterFirstStep = tf.memory().numTensors;
  // Kernel intermediates live only in the backend, so count its buffers too.
  const buffersAfterFirstStep = tf.engine().backend.numDataIds();
  for (let i = 0; i < 5; i++) {
    losses.push(step());
    assert.equal(tf.memory().numTensors, tensorsAfterFirstStep, `tensor count after step ${i + 2}`);
    assert.equal(tf.engine().backend.numDataIds(), buffersAfterFirstStep, `wasm buffers after step ${i + 2}`);
  }
  assert.ok(losses.every(Number.isFinite), `losses ${losses}`);
  assert.ok(losses[losses.length - 1] < losses[0], `loss went from ${losses[0]} to ${losses.at(-1)}`);
  model.dispose();
  optimizer.dispose();
  tf.dispose([xs, labels]);
});

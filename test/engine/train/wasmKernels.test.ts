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

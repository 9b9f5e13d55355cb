import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-wasm';
import { loadDataset } from './dist/engine/data/loadDataset.js';
import { initialWeights } from './dist/engine/model/initialWeights.js';
import { weightLayout } from './dist/engine/model/modelSpec.js';
import { ssim } from './dist/engine/attack/ssim.js';
await tf.setBackend(process.env.B ?? 'wasm'); await tf.ready();
const ds = await loadDataset({ source: 'mnist', trainSize: 10, testSize: 10 }, '.');
const spec = { params: { arch: 'mlp', hidden: [64], activation: 'relu' }, inputShape: [28, 28, 1], numClasses: 10 };
const layout = weightLayout(spec);
const global = initialWeights(spec, 3);
const tensors = (flat) => { let o = 0; return layout.map((e) => { const n = e.shape.reduce((a, b) => a * b, 1); const t = tf.tensor(flat.subarray(o, o + n), e.shape); o += n; return t; }); };
const W = tensors(global);
const forward = (x, ws) => { let h = x; for (let i = 0; i < ws.length; i += 2) { h = tf.add(tf.matMul(h, ws[i]), ws[i + 1]); if (i + 2 < ws.length) h = tf.relu(h); } return h; };
const xr = tf.tensor(ds.train.x.subarray(0, 784), [1, 784]);
const y = tf.oneHot(tf.tensor1d([ds.train.y[0]], 'int32'), 10);
const gradsOf = (x) => tf.grads((...ws) => tf.losses.softmaxCrossEntropy(y, forward(x, ws)))(W);
const target = tf.tidy(() => gradsOf(xr)); // the gradient (an update is -lr times it)
const tnorm = tf.tidy(() => tf.sqrt(tf.addN(target.map((t) => tf.sum(tf.square(t))))));
const x = tf.variable(tf.randomUniform([1, 784], 0, 1, 'float32', 7));
const opt = tf.train.adam(Number(process.env.LR ?? 0.1));
const iters = Number(process.env.IT ?? 100);
const t0 = performance.now();
for (let i = 0; i < iters; i++) {
  const cost = opt.minimize(() => {
    const g = gradsOf(x);
    const dot = tf.addN(g.map((gi, k) => tf.sum(tf.mul(gi, target[k]))));
    const gn = tf.sqrt(tf.addN(g.map((gi) => tf.sum(tf.square(gi)))));
    return tf.sub(1, tf.div(dot, tf.mul(gn, tnorm)));
  }, true, [x]);
  tf.tidy(() => x.assign(tf.clipByValue(x, 0, 1)));
  if (i % 50 === 0 || i === iters - 1) { const s = ssim(Array.from(x.dataSync()), Array.from(xr.dataSync()), 28, 28); console.log(i, cost.dataSync()[0].toFixed(5), 'ssim', s.toFixed(3)); }
  cost.dispose();
}
console.log('ms/iter', ((performance.now() - t0) / iters).toFixed(1), 'tensors', tf.memory().numTensors);

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
for (const backend of ['cpu', 'wasm']) {
  await tf.setBackend(backend); await tf.ready();
  try {
    const W1 = tf.randomNormal([784, 64], 0, 0.05, 'float32', 1), b1 = tf.zeros([64]), W2 = tf.randomNormal([64, 10], 0, 0.1, 'float32', 2), b2 = tf.zeros([10]);
    const y = tf.oneHot(tf.tensor1d([3], 'int32'), 10);
    const x0 = tf.randomUniform([1, 784], 0, 1, 'float32', 3);
    const grads = (x, fn) => tf.grads((w1, bb1, w2, bb2) => fn(tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), bb1)), w2), bb2))))([W1, b1, W2, b2]);
    const target = grads(x0, (l) => l);
    const dist = (x) => { const g = grads(x, (l) => l); return tf.addN(g.map((gi, i) => tf.sum(tf.square(tf.sub(gi, target[i]))))); };
    const xd = tf.randomUniform([1, 784], 0, 1, 'float32', 4);
    const t = performance.now();
    const gx = tf.grad(dist)(xd);
    console.log(backend, 'second-order grad norm', tf.norm(gx).dataSync()[0], 'ms', (performance.now() - t).toFixed(0));
  } catch (e) { console.log(backend, 'FAILED', e.message); }
}

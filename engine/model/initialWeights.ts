/** Seeded initial weights, made on the coordinator so every backend and worker count starts from the same point. */
import { Rng } from '../random/rng.js';
import { weightLayout, type ModelSpec } from './modelSpec.js';

/** Glorot-uniform kernels and zero biases (Keras's defaults), as one flat vector. */
export function initialWeights(spec: ModelSpec, seed: number): Float32Array {
  const layout = weightLayout(spec);
  const total = layout.reduce((s, e) => s + e.shape.reduce((a, b) => a * b, 1), 0);
  const out = new Float32Array(total);
  const rng = new Rng(seed);
  let offset = 0;
  for (const entry of layout) {
    const size = entry.shape.reduce((a, b) => a * b, 1);
    if (entry.role === 'kernel') {
      const limit = Math.sqrt(6 / (entry.fanIn + entry.fanOut));
      for (let i = 0; i < size; i++) out[offset + i] = (rng.next() * 2 - 1) * limit;
    }
    offset += size;
  }
  return out;
}

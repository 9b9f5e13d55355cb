/**
 * `randomk`: k = max(1, ceil(fraction·n)) coordinates drawn without replacement from a seeded generator.
 * Only the seed travels, not the indices: the receiver draws the same ones.
 *
 * Unscaled (the values as they are, Stich et al. 2018's rand-k with memory), not the unbiased ×n/k:
 * clients use it with ErrorFeedback, which needs a compressor that shrinks the vector
 * (‖C(x) − x‖² ≤ (1 − k/n)‖x‖²); scaling by n/k multiplies the variance by n/k and makes the residual
 * grow instead. So E[decode] = (k/n)·v, and the dropped part waits in the residual.
 *
 * Wire form (little-endian): u32 seed | u32 k | k f32 values in the order drawn.
 */
import { Rng } from '../random/rng.js';
import type { Compressor, EncodedVector } from './compressor.js';
import { CompressionError } from './compressionError.js';
import { checkFraction, keptCount } from './topk.js';
import { checkShape, expectBytes, expectHeader, readFloats, viewOf, writeFloats } from './wire.js';

const HEADER = 8;

/** The bytes `randomk` sends for n coordinates at `fraction`. */
export function randomkBytes(n: number, fraction: number): number {
  return HEADER + 4 * keptCount(n, fraction);
}

/**
 * k distinct indices of [0, n) from `seed`, in the order drawn (Floyd's algorithm over a byte mask: k
 * draws and n bytes, no sort and no Set). Encoder and decoder both call this, so it must never change.
 */
export function randomkIndices(n: number, k: number, seed: number): Uint32Array {
  const rng = new Rng(seed);
  const taken = new Uint8Array(n);
  const out = new Uint32Array(k);
  let j = 0;
  for (let top = n - k; top < n; top++) {
    let t = rng.int(top + 1);
    // Everything taken so far is < top, so top itself is free when t is not.
    if (taken[t]) t = top;
    taken[t] = 1;
    out[j++] = t;
  }
  return out;
}

/** The random-k sparsifier sending `fraction` of the coordinates. */
export function randomkCompressor(fraction: number): Compressor {
  checkFraction(fraction, 'randomk');
  return {
    name: 'randomk',
    encode: (vector, seed) => encodeRandomk(vector, fraction, seed),
    decode: decodeRandomk,
  };
}

function encodeRandomk(vector: Float32Array, fraction: number, seed: number): EncodedVector {
  const n = vector.length;
  const k = keptCount(n, fraction);
  const s = seed >>> 0;
  const indices = randomkIndices(n, k, s);
  const data = new Uint8Array(HEADER + 4 * k);
  const view = viewOf(data);
  view.setUint32(0, s, true);
  view.setUint32(4, k, true);
  const values = new Float32Array(k);
  for (let j = 0; j < k; j++) values[j] = vector[indices[j]];
  writeFloats(data, HEADER, values);
  return { codec: 'randomk', length: n, data };
}

function decodeRandomk(encoded: EncodedVector, expectedLength?: number): Float32Array {
  const n = checkShape(encoded, 'randomk', expectedLength);
  expectHeader(encoded, HEADER);
  const view = viewOf(encoded.data);
  const seed = view.getUint32(0, true);
  const k = view.getUint32(4, true);
  if (k > n) throw new CompressionError('data', `randomk claims ${k} coordinates sent of ${n}.`);
  expectBytes(encoded, HEADER + 4 * k, ` (${k} sent)`);
  const values = readFloats(encoded.data, HEADER, k);
  const indices = randomkIndices(n, k, seed);
  const out = new Float32Array(n);
  for (let j = 0; j < k; j++) out[indices[j]] = values[j];
  return out;
}

/**
 * `sign`: one bit a coordinate and one float32 scale, the mean |v| — the scaled sign of EF-signSGD
 * (Karimireddy et al. 2019); decode gives scale·sign(v). A zero goes as +: one bit has no third value, and
 * the client's ErrorFeedback carries the difference. Majority vote over clients (signSGD) reads the signs
 * straight from the bytes with `signsOf`.
 *
 * Wire form (little-endian): f32 scale | n bits, LSB-first, 1 = negative (the last byte padded with zeros).
 */
import type { Compressor, EncodedVector } from './compressor.js';
import { CompressionError } from './compressionError.js';
import { checkFinite, checkShape, expectBytes, expectHeader, viewOf } from './wire.js';

const HEADER = 4;

/** The bytes `sign` sends for n coordinates. */
export function signBytes(n: number): number {
  return HEADER + Math.ceil(n / 8);
}

/** The scaled-sign codec. */
export const signCompressor: Compressor = {
  name: 'sign',
  encode(vector: Float32Array): EncodedVector {
    checkFinite(vector, 'sign');
    const n = vector.length;
    const data = new Uint8Array(signBytes(n));
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const v = vector[i];
      if (v < 0) {
        sum -= v;
        data[HEADER + (i >>> 3)] |= 1 << (i & 7);
      } else sum += v;
    }
    viewOf(data).setFloat32(0, n === 0 ? 0 : sum / n, true);
    return { codec: 'sign', length: n, data };
  },
  decode(encoded: EncodedVector, expectedLength?: number): Float32Array {
    const { scale, signs } = signsOf(encoded, expectedLength);
    const out = new Float32Array(signs.length);
    for (let i = 0; i < signs.length; i++) out[i] = signs[i] * scale;
    return out;
  },
};

/** A sign-encoded vector read without decoding to floats: ±1 a coordinate, and the scale. */
export interface Signs {
  /** The mean |v| the client sent. */
  scale: number;
  /** +1 or −1 a coordinate (zero went as +1). */
  signs: Int8Array;
}

/** Reads a `sign` vector's signs and scale (for majority vote), with the same checks as decode. */
export function signsOf(encoded: EncodedVector, expectedLength?: number): Signs {
  const n = checkShape(encoded, 'sign', expectedLength);
  expectHeader(encoded, HEADER);
  expectBytes(encoded, signBytes(n), '');
  const { data } = encoded;
  const scale = viewOf(data).getFloat32(0, true);
  if (!(Number.isFinite(scale) && scale >= 0)) throw new CompressionError('data', `sign's scale must be a finite number ≥ 0, got ${scale}.`);
  const signs = new Int8Array(n);
  for (let i = 0; i < n; i++) signs[i] = (data[HEADER + (i >>> 3)] >>> (i & 7)) & 1 ? -1 : 1;
  return { scale, signs };
}

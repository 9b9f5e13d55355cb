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
    // The float's own bits, read without a branch: random signs would mispredict half the time.
    const raw = new Uint32Array(vector.buffer, vector.byteOffset, n);
    let sum = 0;
    for (let start = 0, at = HEADER; start < n; start += 8, at++) {
      const end = Math.min(n, start + 8);
      let byte = 0;
      for (let i = start; i < end; i++) {
        const u = raw[i];
        const magnitude = u & 0x7fffffff;
        // Negative: the sign bit set on a non-zero magnitude (−0 goes as +, like +0).
        const negative = (u >>> 31) & ((magnitude + 0x7fffffff) >>> 31);
        byte |= negative << (i - start);
        sum += Math.abs(vector[i]);
      }
      data[at] = byte;
    }
    viewOf(data).setFloat32(0, n === 0 ? 0 : sum / n, true);
    return { codec: 'sign', length: n, data };
  },
  decode(encoded: EncodedVector, expectedLength?: number): Float32Array {
    const scale = checkSign(encoded, expectedLength);
    const n = encoded.length;
    const out = new Float32Array(n);
    const { data } = encoded;
    // ±scale as float32 bits: the sign bit copied in, without a branch.
    const bits = new Uint32Array(out.buffer);
    const scaleBits = new Uint32Array(Float32Array.of(scale).buffer)[0];
    for (let start = 0, at = HEADER; start < n; start += 8, at++) {
      const byte = data[at];
      const end = Math.min(n, start + 8);
      for (let i = start; i < end; i++) bits[i] = (scaleBits | (((byte >>> (i - start)) & 1) << 31)) >>> 0;
    }
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
  const scale = checkSign(encoded, expectedLength);
  const n = encoded.length;
  const { data } = encoded;
  const signs = new Int8Array(n);
  for (let i = 0; i < n; i++) signs[i] = (data[HEADER + (i >>> 3)] >>> (i & 7)) & 1 ? -1 : 1;
  return { scale, signs };
}

/** Checks a `sign` vector's shape, bytes and scale; returns the scale. */
function checkSign(encoded: EncodedVector, expectedLength?: number): number {
  const n = checkShape(encoded, 'sign', expectedLength);
  expectHeader(encoded, HEADER);
  expectBytes(encoded, signBytes(n), '');
  const scale = viewOf(encoded.data).getFloat32(0, true);
  if (!(Number.isFinite(scale) && scale >= 0)) throw new CompressionError('data', `sign's scale must be a finite number ≥ 0, got ${scale}.`);
  return scale;
}

/**
 * `quantize`: uniform stochastic quantisation to `bits` bits a coordinate (QSGD-style, Alistarh et al.
 * 2017, with a min–max range per block instead of a norm). Each block of QUANTIZE_BLOCK coordinates sends
 * its float32 min and max; a coordinate v becomes the level floor((v − min)/(max − min)·L + u) with
 * L = 2^bits − 1 and u ~ U[0,1) from the seeded Rng, so E[decode] = v exactly: the rounding is unbiased
 * and averaging many clients' updates cancels it out.
 *
 * Wire form (little-endian): u8 bits | per block f32 min, f32 max | the levels, `bits` each, packed
 * LSB-first across the whole vector (the last byte padded with zeros).
 */
import { Rng } from '../random/rng.js';
import type { Compressor, EncodedVector } from './compressor.js';
import { CompressionError } from './compressionError.js';
import { checkFinite, checkShape, expectBytes, expectHeader, viewOf } from './wire.js';

/**
 * Coordinates per min–max block. A block's range bounds its rounding error (variance ≤ (max − min)²/(4L²)
 * a coordinate), so smaller blocks are more exact, but each costs 8 bytes: at 256 that is 0.25 bits a
 * coordinate — 3% on top of 8-bit levels, still 20% at 1 bit — while 1024 would let one outlier widen the
 * range of 4× as many weights.
 */
export const QUANTIZE_BLOCK = 256;

const HEADER = 1;

/** The bytes `quantize` sends for n coordinates at `bits` bits. */
export function quantizeBytes(n: number, bits: number): number {
  return HEADER + 8 * Math.ceil(n / QUANTIZE_BLOCK) + Math.ceil((n * bits) / 8);
}

/** Throws unless bits is a whole number 1–16. */
export function checkBits(bits: number, field: 'bits' | 'data' = 'bits'): void {
  if (!Number.isInteger(bits) || bits < 1 || bits > 16) {
    throw new CompressionError(field, `quantize needs a whole number of bits from 1 to 16, got ${bits}.`);
  }
}

/** The stochastic quantiser at `bits` bits a coordinate. */
export function quantizeCompressor(bits: number): Compressor {
  checkBits(bits);
  return {
    name: 'quantize',
    encode: (vector, seed) => encodeQuantized(vector, bits, seed),
    decode: decodeQuantized,
  };
}

function encodeQuantized(vector: Float32Array, bits: number, seed: number): EncodedVector {
  checkFinite(vector, 'quantize');
  const n = vector.length;
  const L = 2 ** bits - 1;
  const blocks = Math.ceil(n / QUANTIZE_BLOCK);
  const data = new Uint8Array(quantizeBytes(n, bits));
  const view = viewOf(data);
  data[0] = bits;
  const rng = new Rng(seed);
  let out = HEADER + 8 * blocks;
  let acc = 0;
  let held = 0;
  for (let b = 0; b < blocks; b++) {
    const start = b * QUANTIZE_BLOCK;
    const end = Math.min(n, start + QUANTIZE_BLOCK);
    let min = vector[start];
    let max = min;
    for (let i = start + 1; i < end; i++) {
      const v = vector[i];
      if (v < min) min = v;
      else if (v > max) max = v;
    }
    view.setFloat32(HEADER + 8 * b, min, true);
    view.setFloat32(HEADER + 8 * b + 4, max, true);
    // min and max are float32 already, so the receiver decodes against exactly these bounds.
    const range = max - min;
    const scale = range > 0 ? L / range : 0;
    for (let i = start; i < end; i++) {
      // A constant block (range 0) sends level 0 everywhere and still draws u, keeping the stream aligned.
      let level = Math.floor((vector[i] - min) * scale + rng.next());
      if (level > L) level = L;
      acc |= level << held;
      held += bits;
      while (held >= 8) {
        data[out++] = acc & 0xff;
        acc >>>= 8;
        held -= 8;
      }
    }
  }
  if (held > 0) data[out] = acc & 0xff;
  return { codec: 'quantize', length: n, data };
}

function decodeQuantized(encoded: EncodedVector, expectedLength?: number): Float32Array {
  const n = checkShape(encoded, 'quantize', expectedLength);
  expectHeader(encoded, HEADER);
  const { data } = encoded;
  const bits = data[0];
  checkBits(bits, 'data');
  expectBytes(encoded, quantizeBytes(n, bits), ` at ${bits} bits`);
  const view = viewOf(data);
  const L = 2 ** bits - 1;
  const mask = L;
  const blocks = Math.ceil(n / QUANTIZE_BLOCK);
  const out = new Float32Array(n);
  let at = HEADER + 8 * blocks;
  let acc = 0;
  let held = 0;
  for (let b = 0; b < blocks; b++) {
    const min = view.getFloat32(HEADER + 8 * b, true);
    const max = view.getFloat32(HEADER + 8 * b + 4, true);
    if (!(Number.isFinite(min) && Number.isFinite(max) && min <= max)) {
      throw new CompressionError('data', `quantize block ${b} has the range [${min}, ${max}]; it must be finite with min ≤ max.`);
    }
    const step = (max - min) / L;
    const start = b * QUANTIZE_BLOCK;
    const end = Math.min(n, start + QUANTIZE_BLOCK);
    for (let i = start; i < end; i++) {
      while (held < bits) {
        acc |= data[at++] << held;
        held += 8;
      }
      out[i] = min + (acc & mask) * step;
      acc >>>= bits;
      held -= bits;
    }
  }
  return out;
}

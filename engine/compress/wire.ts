/**
 * Byte-level helpers the codecs share: little-endian floats and integers in a Uint8Array at any offset
 * (an EncodedVector's bytes may sit anywhere in a received buffer), and the checks every decoder makes
 * on the encoded vector's shape before it allocates anything.
 */
import type { CompressorName, EncodedVector } from './compressor.js';
import { CompressionError } from './compressionError.js';

/**
 * The longest vector a decoder accepts when the caller gives no expected length: 2^26 coordinates
 * (256 MiB as float32), ~40× the FedAvg CNN. A forged length beyond it is refused before any allocation.
 */
export const MAX_VECTOR_LENGTH = 1 << 26;

/** Whether this machine stores floats little-endian (all current ones do), so bytes copy straight across. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Writes `values` as little-endian float32 into `data` from `offset`. */
export function writeFloats(data: Uint8Array, offset: number, values: Float32Array): void {
  if (LITTLE_ENDIAN) {
    data.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), offset);
    return;
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 0; i < values.length; i++) view.setFloat32(offset + 4 * i, values[i], true);
}

/** Reads `count` little-endian float32 values from `data` at `offset` into a new array. */
export function readFloats(data: Uint8Array, offset: number, count: number): Float32Array {
  const out = new Float32Array(count);
  if (LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(data.subarray(offset, offset + 4 * count));
    return out;
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, true);
  return out;
}

/** A DataView over exactly the encoded bytes. */
export function viewOf(data: Uint8Array): DataView {
  return new DataView(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * Checks what every decoder needs before reading: an object with the right codec, a whole-number length
 * within `expectedLength` (or MAX_VECTOR_LENGTH) and bytes in a Uint8Array. Returns the length.
 */
export function checkShape(encoded: EncodedVector, codec: CompressorName, expectedLength?: number): number {
  if (typeof encoded !== 'object' || encoded === null) throw new CompressionError('codec', 'The encoded vector is not an object.');
  if (encoded.codec !== codec) {
    throw new CompressionError('codec', `The vector was encoded with ${JSON.stringify(encoded.codec)}, not ${codec}.`);
  }
  const n = encoded.length;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new CompressionError('length', `The encoded vector's length must be a whole number ≥ 0, got ${JSON.stringify(n)}.`);
  }
  if (expectedLength !== undefined && n !== expectedLength) {
    throw new CompressionError('length', `The encoded vector has ${n} coordinates; the model has ${expectedLength}.`);
  }
  if (n > MAX_VECTOR_LENGTH) {
    throw new CompressionError('length', `The encoded vector claims ${n} coordinates, more than the ${MAX_VECTOR_LENGTH} any model here has.`);
  }
  if (!(encoded.data instanceof Uint8Array)) throw new CompressionError('data', `The ${codec} vector's data is not a byte array.`);
  return n;
}

/** Throws unless the bytes are exactly as many as the header implies. */
export function expectBytes(encoded: EncodedVector, expected: number, what: string): void {
  if (encoded.data.byteLength !== expected) {
    throw new CompressionError(
      'data',
      `The ${encoded.codec} vector of ${encoded.length} coordinates${what} takes ${expected} bytes, but ${encoded.data.byteLength} came.`,
    );
  }
}

/** Throws unless the bytes hold at least a header of `bytes`. */
export function expectHeader(encoded: EncodedVector, bytes: number): void {
  if (encoded.data.byteLength < bytes) {
    throw new CompressionError('data', `The ${encoded.codec} vector's ${bytes}-byte header is cut short (${encoded.data.byteLength} bytes came).`);
  }
}

/** Throws unless every coordinate of a vector to encode is finite (lossy codecs need real numbers). */
export function checkFinite(vector: Float32Array, codec: CompressorName): void {
  for (let i = 0; i < vector.length; i++) {
    const v = vector[i];
    // v - v is NaN exactly for NaN and ±Infinity; cheaper than Number.isFinite per element.
    if (v - v !== 0) throw new CompressionError('vector', `${codec} cannot encode coordinate ${i}: it is ${v} (training diverged?).`);
  }
}

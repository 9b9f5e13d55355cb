/** `none`: the vector as raw little-endian float32, 4 bytes a coordinate — the baseline traffic. */
import type { Compressor, EncodedVector } from './compressor.js';
import { checkShape, expectBytes, readFloats, writeFloats } from './wire.js';

/** The bytes `none` sends for n coordinates. */
export function noneBytes(n: number): number {
  return 4 * n;
}

/** The uncompressed codec. */
export const noneCompressor: Compressor = {
  name: 'none',
  encode(vector: Float32Array): EncodedVector {
    const data = new Uint8Array(noneBytes(vector.length));
    writeFloats(data, 0, vector);
    return { codec: 'none', length: vector.length, data };
  },
  decode(encoded: EncodedVector, expectedLength?: number): Float32Array {
    const n = checkShape(encoded, 'none', expectedLength);
    expectBytes(encoded, noneBytes(n), '');
    return readFloats(encoded.data, 0, n);
  },
};

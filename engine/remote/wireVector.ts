/**
 * Vectors on the federation wire: a Float32Array travels as the base64 of its little-endian bytes, so
 * the numbers arrive bit for bit as sent (decimal text would round them, and the loopback federation
 * would no longer give exactly `fedflow run`'s metrics).
 */
import type { EncodedVector, WireEncodedVector, WireVector } from '../protocol/messages.js';

/** Whether this machine stores floats little-endian, as the wire does (every platform Node runs on today). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A Float32Array as it travels. */
export function toWireVector(vector: Float32Array): WireVector {
  if (!LITTLE_ENDIAN) throw new Error('the federation wire needs a little-endian machine');
  return { f32: Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64') };
}

/**
 * The Float32Array a wire vector holds, or a sentence saying why it holds none (bytes that are not whole
 * floats). Its length is the caller's to check against the model.
 */
export function fromWireVector(wire: WireVector): Float32Array | string {
  const bytes = Buffer.from(wire.f32, 'base64');
  if (bytes.length % 4 !== 0) return `a vector of ${bytes.length} bytes, which is not a whole number of 4-byte floats`;
  // Copied into a fresh, aligned buffer: a Buffer may sit at any offset of Node's pool.
  const out = new Float32Array(bytes.length / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** An EncodedVector as it travels. */
export function toWireEncoded(encoded: EncodedVector): WireEncodedVector {
  return { codec: encoded.codec, length: encoded.length, data: Buffer.from(encoded.data.buffer, encoded.data.byteOffset, encoded.data.byteLength).toString('base64') };
}

/** The EncodedVector a wire one holds. */
export function fromWireEncoded(wire: WireEncodedVector): EncodedVector {
  return { codec: wire.codec, length: wire.length, data: new Uint8Array(Buffer.from(wire.data, 'base64')) };
}

/** A named set of vectors (SCAFFOLD's control variates) as it travels. */
export function toWireTensors(tensors: Readonly<Record<string, Float32Array>>): Record<string, WireVector> {
  return Object.fromEntries(Object.entries(tensors).map(([name, v]) => [name, toWireVector(v)]));
}

/**
 * Vectors on the federation wire, in a page: a Float32Array travels as the base64 of its little-endian
 * bytes (engine/remote/wireVector.ts does the same with Node's Buffer), so numbers arrive bit for bit.
 */
import type { EncodedVector, WireEncodedVector, WireVector } from '../../engine/protocol/messages.js';

/** Base64 of some bytes, in chunks so a large model does not overflow the argument list. */
function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** The bytes a base64 string holds; throws on text that is not base64. */
function fromBase64(text: string): Uint8Array {
  const raw = atob(text);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/** A Float32Array as it travels (every browser that runs this page is little-endian). */
export function toWireVector(vector: Float32Array): WireVector {
  return { f32: toBase64(new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength)) };
}

/** The Float32Array a wire vector holds, or the sentence saying why it holds none. */
export function fromWireVector(wire: WireVector): Float32Array | string {
  const bytes = fromBase64(wire.f32);
  if (bytes.length % 4 !== 0) return `a vector of ${bytes.length} bytes, which is not a whole number of 4-byte floats`;
  const out = new Float32Array(bytes.length / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** An EncodedVector as it travels. */
export function toWireEncoded(encoded: EncodedVector): WireEncodedVector {
  return { codec: encoded.codec, length: encoded.length, data: toBase64(encoded.data) };
}

/** The EncodedVector a wire one holds. */
export function fromWireEncoded(wire: WireEncodedVector): EncodedVector {
  return { codec: wire.codec, length: wire.length, data: fromBase64(wire.data) };
}

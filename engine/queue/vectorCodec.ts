/** Float32 and Int32 vectors as base64 of their bytes: exact, and a JSON string a job can carry. */

/** A vector's bytes as base64. */
export function vectorToBase64(v: Float32Array | Int32Array): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
}

/** Decodes base64 into a new Float32Array (in a SharedArrayBuffer when `shared`); undefined when the bytes are not whole floats. */
export function base64ToFloat32(text: string, shared = false): Float32Array | undefined {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 4 !== 0) return undefined;
  const out = new Float32Array(shared ? new SharedArrayBuffer(bytes.length) : new ArrayBuffer(bytes.length));
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** Decodes base64 into a new Int32Array (shared when asked); undefined when the bytes are not whole integers. */
export function base64ToInt32(text: string, shared = false): Int32Array | undefined {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 4 !== 0) return undefined;
  const out = new Int32Array(shared ? new SharedArrayBuffer(bytes.length) : new ArrayBuffer(bytes.length));
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

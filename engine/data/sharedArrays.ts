/**
 * Typed arrays allocated straight in shared memory, so that loaders fill the arrays workers will read
 * instead of filling private ones and copying them with `toShared`.
 */

/** A zeroed Float32Array of `length` elements backed by a SharedArrayBuffer. */
export function sharedFloat32(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(length * Float32Array.BYTES_PER_ELEMENT));
}

/** A zeroed Int32Array of `length` elements backed by a SharedArrayBuffer. */
export function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * Int32Array.BYTES_PER_ELEMENT));
}

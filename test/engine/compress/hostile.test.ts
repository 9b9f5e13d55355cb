/**
 * Decoding bytes a remote client sent: every malformed vector is refused with a CompressionError (a
 * sentence and the field at fault), never a crash, a wrong-length vector or a huge allocation.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CompressionError,
  createCompressor,
  decodeVector,
  MAX_VECTOR_LENGTH,
  signsOf,
  type CompressionField,
  type CompressorSettings,
  type EncodedVector,
} from '../../../engine/compress/index.js';

const ALL: CompressorSettings[] = [
  { name: 'none' },
  { name: 'quantize', bits: 5 },
  { name: 'topk', fraction: 0.01 },
  { name: 'topk', fraction: 0.5 },
  { name: 'randomk', fraction: 0.2 },
  { name: 'sign' },
];

const v = Float32Array.from({ length: 600 }, (_, i) => Math.sin(i));

function refused(encoded: unknown, field: CompressionField, expectedLength?: number): void {
  assert.throws(
    () => decodeVector(encoded as EncodedVector, expectedLength),
    (e: unknown) => e instanceof CompressionError && e.field === field && e.message.length > 10,
    JSON.stringify({ ...(encoded as object), data: undefined }),
  );
}

function patched(e: EncodedVector, edit: (view: DataView, data: Uint8Array) => void): EncodedVector {
  const data = e.data.slice();
  edit(new DataView(data.buffer), data);
  return { ...e, data };
}

describe('hostile encoded vectors', () => {
  it('refuse truncated or padded bytes, for every codec', () => {
    for (const s of ALL) {
      const e = createCompressor(s).encode(v, 1);
      refused({ ...e, data: e.data.subarray(0, e.data.byteLength - 1) }, 'data');
      refused({ ...e, data: new Uint8Array(0) }, 'data');
      refused({ ...e, data: Uint8Array.from([...e.data, 0]) }, 'data');
    }
  });

  it('refuse a forged length before allocating for it', () => {
    for (const s of ALL) {
      const e = createCompressor(s).encode(v, 1);
      refused({ ...e, length: 2 ** 31 }, 'length');
      refused({ ...e, length: MAX_VECTOR_LENGTH + 1 }, 'length');
      // Some bytes fit more than one length (k u32 indices, a seed and k values): the caller's model
      // length is what pins it, so a receiver passes it.
      refused(e, 'length', 599);
      refused(e, 'length', 601);
      refused({ ...e, length: -1 }, 'length');
      refused({ ...e, length: 1.5 }, 'length');
      refused({ ...e, length: '600' }, 'length');
    }
  });

  it('refuse a wrong or unknown codec, and a vector that is not one', () => {
    const e = createCompressor({ name: 'quantize', bits: 4 }).encode(v, 1);
    assert.throws(() => createCompressor({ name: 'topk' }).decode(e), (x: unknown) => x instanceof CompressionError && x.field === 'codec');
    refused({ ...e, codec: 'gzip' }, 'codec');
    refused({ ...e, codec: '__proto__' }, 'codec');
    refused(null, 'codec');
    refused({ ...e, data: [1, 2, 3] }, 'data');
  });

  it('refuse top-k indices out of range or out of order, and a bitmap that disagrees with k', () => {
    const list = createCompressor({ name: 'topk', fraction: 0.01 }).encode(v, 1); // k 6: u32 indices
    assert.equal(list.data[0], 0);
    refused(patched(list, (view) => view.setUint32(5, 600, true)), 'data');
    refused(patched(list, (view) => view.setUint32(5 + 4, view.getUint32(5, true), true)), 'data');
    refused(patched(list, (view) => view.setUint32(1, 601, true)), 'data');
    refused(patched(list, (_, data) => (data[0] = 1)), 'data');
    const bitmap = createCompressor({ name: 'topk', fraction: 0.5 }).encode(v, 1); // k 300: a bitmap
    assert.equal(bitmap.data[0], 1);
    const bitmapShort = { ...bitmap, length: 597 }; // 75 bytes still, but bits 597–599 now lie past the end
    refused(patched(bitmapShort, (view) => view.setUint32(1, 299, true)), 'data');
    refused(patched(bitmap, (_, data) => (data[5] ^= 1)), 'data');
  });

  it('refuse NaN or infinite scales and ranges, a reversed range and bits out of 1–16', () => {
    const sign = createCompressor({ name: 'sign' }).encode(v, 1);
    refused(patched(sign, (view) => view.setFloat32(0, NaN, true)), 'data');
    refused(patched(sign, (view) => view.setFloat32(0, Infinity, true)), 'data');
    refused(patched(sign, (view) => view.setFloat32(0, -1, true)), 'data');
    assert.throws(() => signsOf(patched(sign, (view) => view.setFloat32(0, NaN, true))), CompressionError);
    const q = createCompressor({ name: 'quantize', bits: 4 }).encode(v, 1);
    refused(patched(q, (view) => view.setFloat32(1, NaN, true)), 'data');
    refused(patched(q, (view) => view.setFloat32(1 + 8 + 4, -Infinity, true)), 'data');
    refused(patched(q, (view) => view.setFloat32(1, 2, true)), 'data'); // min 2 > max (≤ 1)
    refused(patched(q, (_, data) => (data[0] = 0)), 'data');
    refused(patched(q, (_, data) => (data[0] = 17)), 'data');
  });

  it('refuse a random-k count beyond the length', () => {
    const r = createCompressor({ name: 'randomk', fraction: 0.2 }).encode(v, 1);
    refused(patched(r, (view) => view.setUint32(4, 601, true)), 'data');
    refused(patched(r, (view) => view.setUint32(4, 0xffffffff, true)), 'data');
  });

  it('accept the valid bytes the same checks surround', () => {
    for (const s of ALL) {
      const e = createCompressor(s).encode(v, 1);
      assert.equal(decodeVector(e, 600).length, 600);
      assert.equal(decodeVector({ ...e, data: Uint8Array.from([7, ...e.data]).subarray(1) }).length, 600);
    }
  });
});

describe('compressor settings and inputs', () => {
  it('refuse bits outside 1–16 and fractions outside (0, 1], naming the field', () => {
    for (const bits of [0, 17, 2.5, NaN, -1]) {
      assert.throws(() => createCompressor({ name: 'quantize', bits }), (e: unknown) => e instanceof CompressionError && e.field === 'bits' && /1 to 16/.test(e.message));
    }
    for (const name of ['topk', 'randomk'] as const) {
      for (const fraction of [0, 1.5, NaN, -0.1]) {
        assert.throws(() => createCompressor({ name, fraction }), (e: unknown) => e instanceof CompressionError && e.field === 'fraction');
      }
    }
    assert.throws(() => createCompressor({ name: 'zip' as 'none' }), (e: unknown) => e instanceof CompressionError && e.field === 'name');
  });

  it('refuse to encode a vector with NaN or infinite coordinates (a diverged client) with a sentence', () => {
    const bad = Float32Array.from([1, NaN, 2]);
    for (const s of [{ name: 'quantize' }, { name: 'topk' }, { name: 'sign' }] as const) {
      assert.throws(() => createCompressor(s).encode(bad, 0), (e: unknown) => e instanceof CompressionError && e.field === 'vector' && /coordinate 1/.test(e.message));
    }
    assert.throws(() => createCompressor({ name: 'quantize' }).encode(Float32Array.from([Infinity]), 0), CompressionError);
  });
});

/** What `encodedBytes` promises is what the bytes are, and the same seed gives the same bytes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCompressor, encodedBytes, type CompressorSettings } from '../../../engine/compress/index.js';
import { Rng } from '../../../engine/random/rng.js';

function vector(n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}

const SETTINGS: CompressorSettings[] = [
  { name: 'none' },
  ...[1, 3, 8, 13, 16].map((bits) => ({ name: 'quantize' as const, bits })),
  ...[0.001, 0.03, 0.04, 0.1, 0.5, 1].flatMap((fraction) => [
    { name: 'topk' as const, fraction },
    { name: 'randomk' as const, fraction },
  ]),
  { name: 'sign' },
];

describe('encoded sizes', () => {
  it('equal encodedBytes(settings, n) for every codec and several lengths', () => {
    for (const n of [0, 1, 7, 8, 255, 256, 257, 1000, 4097]) {
      const v = vector(n, n);
      for (const s of SETTINGS) {
        const e = createCompressor(s).encode(v, 5);
        assert.equal(e.data.byteLength, encodedBytes(s, n), `${JSON.stringify(s)}, n ${n}`);
        assert.equal(e.length, n);
        assert.equal(createCompressor(s).decode(e, n).length, n);
      }
    }
  });

  it('shrink the seed MLP update (109,386 weights) as the formats say', () => {
    const n = 109_386;
    assert.equal(encodedBytes({ name: 'none' }, n), 437_544);
    // 1 header byte + 428 blocks × 8 + 109,386 bytes of levels.
    assert.equal(encodedBytes({ name: 'quantize', bits: 8 }, n), 1 + 428 * 8 + 109_386);
    // k = 10,939: 5 header bytes + a 13,674-byte bitmap (smaller than 43,756 bytes of u32) + 4k values.
    assert.equal(encodedBytes({ name: 'topk', fraction: 0.1 }, n), 5 + 13_674 + 4 * 10_939);
    // k = 110: u32 indices (440 bytes) beat the bitmap.
    assert.equal(encodedBytes({ name: 'topk', fraction: 0.001 }, n), 5 + 440 + 440);
    assert.equal(encodedBytes({ name: 'randomk', fraction: 0.1 }, n), 8 + 4 * 10_939);
    assert.equal(encodedBytes({ name: 'sign' }, n), 4 + 13_674);
  });
});

describe('seeding', () => {
  const v = vector(1000, 1);

  it('the same seed gives the same bytes', () => {
    for (const s of SETTINGS) {
      const c = createCompressor(s);
      assert.deepEqual(c.encode(v, 42).data, c.encode(v, 42).data, JSON.stringify(s));
    }
  });

  it('another seed gives other bytes for the random codecs (quantize, randomk)', () => {
    for (const s of [{ name: 'quantize', bits: 4 }, { name: 'randomk', fraction: 0.1 }] as const) {
      const c = createCompressor(s);
      assert.notDeepEqual(c.encode(v, 42).data, c.encode(v, 43).data, JSON.stringify(s));
    }
  });

  it('does not modify the vector it encodes', () => {
    const copy = v.slice();
    for (const s of SETTINGS) createCompressor(s).encode(v, 3);
    assert.deepEqual(v, copy);
  });
});

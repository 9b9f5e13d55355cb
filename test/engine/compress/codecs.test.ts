/**
 * Each codec on small vectors whose bytes were worked out by hand (little-endian float32: 1.0 is
 * 00 00 80 3f, −2 is 00 00 00 c0, 3 is 00 00 40 40, 5 is 00 00 a0 40, 7 is 00 00 e0 40, −3 is 00 00 40 c0).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  noneCompressor,
  quantizeCompressor,
  randomkCompressor,
  randomkIndices,
  signCompressor,
  signsOf,
  topkCompressor,
} from '../../../engine/compress/index.js';

const f32 = (...v: number[]): Float32Array => Float32Array.from(v);
const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

describe('none', () => {
  it('sends the raw float32 bytes and gives them back', () => {
    const e = noneCompressor.encode(f32(1, -2), 0);
    assert.deepEqual(e, { codec: 'none', length: 2, data: bytes(0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0) });
    assert.deepEqual(noneCompressor.decode(e), f32(1, -2));
  });

  it('reads bytes that sit at an odd offset in a received buffer', () => {
    const buffer = bytes(9, 0, 0, 0x80, 0x3f);
    assert.deepEqual(noneCompressor.decode({ codec: 'none', length: 1, data: buffer.subarray(1) }), f32(1));
  });
});

describe('quantize', () => {
  it('sends values on the levels exactly, whatever the seed: bits, min, max, then packed levels', () => {
    // 2 bits: L = 3 levels above min 0 with max 3, so v = 0,1,2,3 are the levels themselves and
    // floor(v + u) = v for every u in [0, 1). Packed LSB-first: 0 | 1<<2 | 2<<4 | 3<<6 = 0xe4.
    const q = quantizeCompressor(2);
    for (const seed of [1, 2, 3]) {
      const e = q.encode(f32(0, 1, 2, 3), seed);
      assert.deepEqual(e, { codec: 'quantize', length: 4, data: bytes(2, 0, 0, 0, 0, 0, 0, 0x40, 0x40, 0xe4) });
      assert.deepEqual(q.decode(e), f32(0, 1, 2, 3));
    }
  });

  it('sends a constant block as its value with every level zero', () => {
    const e = quantizeCompressor(4).encode(f32(5, 5, 5), 9);
    assert.deepEqual(e.data, bytes(4, 0, 0, 0xa0, 0x40, 0, 0, 0xa0, 0x40, 0, 0));
    assert.deepEqual(quantizeCompressor(4).decode(e), f32(5, 5, 5));
  });

  it('rounds a value between two levels to one of them', () => {
    const q = quantizeCompressor(1);
    const seen = new Set<number>();
    for (let seed = 0; seed < 50; seed++) seen.add(q.decode(q.encode(f32(0, 0.25, 1), seed))[1]);
    assert.deepEqual([...seen].sort(), [0, 1]);
  });

  it('spans blocks: a second block gets its own range', () => {
    const v = new Float32Array(300);
    for (let i = 256; i < 300; i++) v[i] = 100 + (i % 4);
    const q = quantizeCompressor(2);
    const d = q.decode(q.encode(v, 4));
    // Block 1 is all zeros (exact); block 2 spans [100, 103] with 3 levels, exactly the values.
    assert.deepEqual(d, v);
  });
});

describe('topk', () => {
  it('keeps the largest |v| with ties to the lower index, coding the indices as a bitmap when that is smaller', () => {
    // k = ceil(0.4·5) = 2 of [0.5, −3, 2, −3, 0.1]: the two −3 at 1 and 3. A bitmap of 1 byte beats
    // 2 u32: coding 1 | k = 2 | bits 1 and 3 = 0x0a | −3, −3.
    const t = topkCompressor(0.4);
    const e = t.encode(f32(0.5, -3, 2, -3, 0.1), 0);
    assert.deepEqual(e.data, bytes(1, 2, 0, 0, 0, 0x0a, 0, 0, 0x40, 0xc0, 0, 0, 0x40, 0xc0));
    assert.deepEqual(t.decode(e), f32(0, -3, 0, -3, 0));
    assert.deepEqual(topkCompressor(0.2).decode(topkCompressor(0.2).encode(f32(2, -2, 2), 0)), f32(2, 0, 0));
  });

  it('codes one index of 64 as a u32 (4 bytes) rather than a bitmap (8 bytes)', () => {
    const v = new Float32Array(64);
    v[40] = 7;
    v[3] = -1;
    const e = topkCompressor(1 / 64).encode(v, 0);
    assert.deepEqual(e.data, bytes(0, 1, 0, 0, 0, 40, 0, 0, 0, 0, 0, 0xe0, 0x40));
    const expected = new Float32Array(64);
    expected[40] = 7;
    assert.deepEqual(topkCompressor(1 / 64).decode(e), expected);
  });

  it('sends at least one coordinate, however small the fraction', () => {
    const e = topkCompressor(1e-9).encode(f32(1, 2, 3), 0);
    assert.deepEqual(topkCompressor(1e-9).decode(e), f32(0, 0, 3));
  });

  it('agrees with sorting by |v| on vectors full of ties', () => {
    let state = 12345;
    const next = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
    for (const [n, fraction] of [[100, 0.1], [1000, 0.01], [1000, 0.5], [333, 0.9]] as const) {
      const v = new Float32Array(n);
      for (let i = 0; i < n; i++) v[i] = (next() % 7) - 3;
      const k = Math.ceil(fraction * n);
      const byRank = [...v.keys()].sort((a, b) => Math.abs(v[b]) - Math.abs(v[a]) || a - b).slice(0, k);
      const expected = new Float32Array(n);
      for (const i of byRank) expected[i] = v[i];
      const t = topkCompressor(fraction);
      assert.deepEqual(t.decode(t.encode(v, 0)), expected, `n ${n}, fraction ${fraction}`);
    }
  });

  it('selects from a million equal values in linear time (a two-way quickselect would take hours)', { timeout: 20_000 }, () => {
    const v = new Float32Array(1_000_000).fill(0.5);
    const d = topkCompressor(0.5).decode(topkCompressor(0.5).encode(v, 0));
    assert.equal(d[0], 0.5);
    assert.equal(d[499_999], 0.5);
    assert.equal(d[500_000], 0);
  });
});

describe('randomk', () => {
  it('sends its seed, k and the values at the seeded indices, unscaled', () => {
    const r = randomkCompressor(0.5);
    const v = f32(10, 20, 30, 40);
    const e = r.encode(v, 7);
    const [a, b] = randomkIndices(4, 2, 7);
    assert.notEqual(a, b);
    const valueBytes = new Uint8Array(f32(v[a], v[b]).buffer);
    assert.deepEqual(e.data, bytes(7, 0, 0, 0, 2, 0, 0, 0, ...valueBytes));
    const expected = new Float32Array(4);
    expected[a] = v[a];
    expected[b] = v[b];
    assert.deepEqual(r.decode(e), expected);
  });

  it('with fraction 1 sends every coordinate', () => {
    const v = f32(1, -2, 3, -4, 5);
    assert.deepEqual(randomkCompressor(1).decode(randomkCompressor(1).encode(v, 3)), v);
  });

  it('picks each coordinate with probability k/n and does not scale: E[decode] = (k/n)·v', () => {
    // n 10, k 3, 3000 seeds: a coordinate is picked with p = 0.3, so its frequency has standard deviation
    // √(0.3·0.7/3000) ≈ 0.0084; 5σ ≈ 0.042 (a scaled ×n/k decode would average v, 0.7·v off).
    const n = 10;
    const seeds = 3000;
    const v = Float32Array.from({ length: n }, (_, i) => i + 1);
    const sum = new Float64Array(n);
    const r = randomkCompressor(0.3);
    for (let seed = 0; seed < seeds; seed++) {
      const d = r.decode(r.encode(v, seed));
      let picked = 0;
      for (let i = 0; i < n; i++) {
        if (d[i] !== 0) {
          assert.equal(d[i], v[i]);
          picked++;
        }
        sum[i] += d[i];
      }
      assert.equal(picked, 3);
    }
    for (let i = 0; i < n; i++) {
      const frequency = sum[i] / seeds / v[i];
      assert.ok(Math.abs(frequency - 0.3) < 0.042, `coordinate ${i} picked ${frequency} of the time`);
    }
  });
});

describe('sign', () => {
  it('sends the mean |v| and one bit a coordinate, 1 for negative; zero goes as +', () => {
    // mean |v| of [1.5, −0.5, 0, −2] = 4/4 = 1; negatives at 1 and 3: 0b1010.
    const e = signCompressor.encode(f32(1.5, -0.5, 0, -2), 0);
    assert.deepEqual(e.data, bytes(0, 0, 0x80, 0x3f, 0x0a));
    assert.deepEqual(signCompressor.decode(e), f32(1, -1, 1, -1));
    assert.deepEqual(signsOf(e), { scale: 1, signs: Int8Array.from([1, -1, 1, -1]) });
  });

  it('sends −0 as + too', () => {
    assert.deepEqual(signCompressor.encode(f32(-0, -1), 0).data, bytes(0, 0, 0, 0x3f, 0x02));
  });

  it('packs nine signs into two bytes', () => {
    const v = f32(-1, 1, 1, 1, 1, 1, 1, 1, -1);
    const e = signCompressor.encode(v, 0);
    assert.deepEqual(e.data, bytes(0, 0, 0x80, 0x3f, 0x01, 0x01));
    assert.deepEqual(signCompressor.decode(e), v);
  });
});

/** Error feedback carries what a compressor drops: nothing is lost, only delayed. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompressionError, createCompressor, ErrorFeedback, topkCompressor } from '../../../engine/compress/index.js';
import { Rng } from '../../../engine/random/rng.js';

describe('error feedback', () => {
  it('with top-1 of a constant update sends every coordinate within n rounds, and loses nothing', () => {
    const n = 12;
    const update = new Float32Array(n).fill(1);
    const ef = new ErrorFeedback();
    const top1 = topkCompressor(1 / n);
    const sent = new Set<number>();
    const delivered = new Float64Array(n);
    for (let round = 1; round <= n; round++) {
      const { encoded, decoded } = ef.compress(update, top1, round);
      assert.equal(encoded.data.byteLength, 5 + 2 + 4, 'a header, a 2-byte bitmap (smaller than one u32 index) and one value');
      decoded.forEach((d, i) => {
        if (d !== 0) sent.add(i);
        delivered[i] += d;
      });
      // Sum of decoded updates + residual = sum of inputs (exact: small integers).
      const residual = ef.residual;
      for (let i = 0; i < n; i++) assert.equal(delivered[i] + residual[i], round, `round ${round}, coordinate ${i}`);
    }
    assert.equal(sent.size, n);
  });

  it('keeps decoded + residual equal to the updates given, for every lossy codec', () => {
    const n = 300;
    const rng = new Rng(3);
    for (const settings of [
      { name: 'topk', fraction: 0.05 },
      { name: 'randomk', fraction: 0.05 },
      { name: 'sign' },
      { name: 'quantize', bits: 2 },
    ] as const) {
      const c = createCompressor(settings);
      const ef = new ErrorFeedback();
      const given = new Float64Array(n);
      const delivered = new Float64Array(n);
      for (let round = 0; round < 30; round++) {
        const update = Float32Array.from({ length: n }, () => rng.normal(0, 0.1));
        const { decoded } = ef.compress(update, c, round);
        for (let i = 0; i < n; i++) {
          given[i] += update[i];
          delivered[i] += decoded[i];
        }
      }
      const residual = ef.residual;
      for (let i = 0; i < n; i++) {
        // Float32 arithmetic on values ~0.1–1 over 30 rounds: errors of a few ulps of 1 each.
        assert.ok(Math.abs(delivered[i] + residual[i] - given[i]) < 1e-4, `${settings.name}, coordinate ${i}`);
      }
    }
  });

  it('starts with a zero residual: the first round is the compressor itself', () => {
    const update = Float32Array.from([0.5, -3, 2]);
    const c = topkCompressor(0.34);
    const { encoded } = new ErrorFeedback().compress(update, c, 0);
    assert.deepEqual(encoded, c.encode(update, 0));
  });

  it('carries on from a residual handed over, as if the rounds had run on one object', () => {
    const c = topkCompressor(0.25);
    const rng = new Rng(9);
    const updates = Array.from({ length: 4 }, () => Float32Array.from({ length: 8 }, () => rng.normal()));
    const one = new ErrorFeedback();
    const together = updates.map((u, round) => one.compress(u, c, round).encoded);
    let carried = new ErrorFeedback();
    const handedOver = updates.map((u, round) => {
      const { encoded } = carried.compress(u, c, round);
      carried = new ErrorFeedback(carried.residual);
      return encoded;
    });
    assert.deepEqual(handedOver, together);
  });

  it('refuses an update of another length', () => {
    const ef = new ErrorFeedback();
    ef.compress(new Float32Array(4), topkCompressor(0.5), 0);
    assert.throws(() => ef.compress(new Float32Array(5), topkCompressor(0.5), 1), CompressionError);
    ef.reset();
    ef.compress(new Float32Array(5), topkCompressor(0.5), 1);
  });
});

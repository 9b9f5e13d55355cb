/** iDLG: the last bias's update after one SGD step on one example is positive only at the true label. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inferLabel } from '../../../engine/attack/labelInference.js';

/** −lr·(softmax(z) − onehot(y)): the last bias's update after one SGD step on one example. */
function lastBiasUpdate(logits: number[], y: number, lr: number): number[] {
  const m = Math.max(...logits);
  const e = logits.map((z) => Math.exp(z - m));
  const s = e.reduce((p, q) => p + q, 0);
  return e.map((v, k) => -lr * (v / s - (k === y ? 1 : 0)));
}

describe('iDLG label inference', () => {
  it('finds the true label from the update of any logits, even when the model is confidently wrong', () => {
    for (const [logits, y] of [
      [[0.1, -0.3, 2.0, 0.4], 2],
      [[5, 0, 0, 0], 3], // the model bets on class 0
      [[0, 0, 0, 0], 1],
    ] as [number[], number][]) {
      const update = lastBiasUpdate(logits, y, 0.1);
      assert.equal(update.filter((v) => v > 0).length, 1, 'positive at exactly one entry');
      assert.equal(inferLabel(update), y);
    }
  });

  it('is the same whatever the learning rate or a clipping scale', () => {
    const update = lastBiasUpdate([1, 2, 3], 0, 0.01).map((v) => v * 1e-3);
    assert.equal(inferLabel(update), 0);
  });

  it('refuses an empty update in plain words', () => {
    assert.throws(() => inferLabel([]), /needs the last layer’s bias update/);
  });
});

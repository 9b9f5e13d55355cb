/**
 * The masks cancel: what the server ends with is exactly the sum of the clients' quantised updates
 * (modulo 2^32), on the complete graph and on SecAgg+'s sparse one, and it decodes to the float sum within
 * the stated quantisation error.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secureSum } from '../../../engine/secagg/index.js';
import { allBut, integerSum, quantisedInputs, randomUpdates } from './helpers.js';

const RANGE = 0.5;

describe('secure aggregation masks', () => {
  it('cancel exactly on the complete graph: the sum equals the sum of the quantised inputs', async () => {
    const updates = randomUpdates(6, 400, RANGE);
    const result = await secureSum(updates, { range: RANGE, graph: { kind: 'complete' } });
    assert.deepEqual(result.integerSum, integerSum(quantisedInputs(updates, RANGE), allBut(6, [])));
    assert.equal(result.stats.degree, 5);
    assert.deepEqual(result.survivors, [0, 1, 2, 3, 4, 5]);
  });

  it("cancel exactly on SecAgg+'s sparse graph", async () => {
    const updates = randomUpdates(16, 300, RANGE, 2);
    const result = await secureSum(updates, { range: RANGE, graph: { kind: 'sparse', degree: 4, seed: 7 } });
    assert.equal(result.stats.degree, 4);
    assert.deepEqual(result.integerSum, integerSum(quantisedInputs(updates, RANGE), allBut(16, [])));
  });

  it('give the float sum of the clipped updates within the stated quantisation error', async () => {
    const updates = randomUpdates(5, 500, RANGE, 3);
    const result = await secureSum(updates, { range: RANGE });
    for (let i = 0; i < 500; i++) {
      let exact = 0;
      for (const u of updates) exact += Math.max(-RANGE, Math.min(RANGE, u[i]));
      const tolerance = result.stats.errorBound + Math.abs(exact) * 2 ** -23;
      assert.ok(Math.abs(result.sum[i] - exact) <= tolerance, `coordinate ${i}: ${result.sum[i]} vs ${exact} (±${tolerance})`);
    }
    // The bound is the rounding of n clients: n / (2s), here far below float32 noise on weights.
    assert.ok(result.stats.errorBound < 1e-6);
  });
});

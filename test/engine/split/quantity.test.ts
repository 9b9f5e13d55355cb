import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countLabels, labelSkew } from '../../../engine/split/labelStats.js';
import { quantitySplit, sizesFromWeights } from '../../../engine/split/quantity.js';
import type { QuantityOptions } from '../../../engine/split/quantity.js';
import { Rng } from '../../../engine/random/rng.js';
import { asLists, assertEveryRowOnce, balancedLabels, sizes, splitInput } from './fixtures.js';

const lognormal: QuantityOptions = { distribution: 'lognormal', sigma: 1, exponent: 1.5 };
const powerlaw: QuantityOptions = { distribution: 'powerlaw', sigma: 1, exponent: 1.5 };

describe('quantitySplit', () => {
  it('gives every example to exactly one client', () => {
    for (const options of [lognormal, powerlaw]) assertEveryRowOnce(quantitySplit(splitInput(1, 100), options), 1000);
  });

  it('repeats exactly with the same seed and differs with another', () => {
    for (const options of [lognormal, powerlaw]) {
      assert.deepEqual(asLists(quantitySplit(splitInput(9), options)), asLists(quantitySplit(splitInput(9), options)));
      assert.notDeepEqual(asLists(quantitySplit(splitInput(9), options)), asLists(quantitySplit(splitInput(10), options)));
    }
  });

  it('makes client sizes clearly unequal, yet they sum to the total and each client has at least one example', () => {
    // Over 300 seeds with 100 clients, max/min was at least 17 (lognormal σ=1) and 5 (power law 1.5).
    for (const [options, minRatio] of [
      [lognormal, 5],
      [powerlaw, 3],
    ] as const) {
      for (let seed = 1; seed <= 5; seed++) {
        const s = sizes(quantitySplit(splitInput(seed, 100), options));
        assert.equal(
          s.reduce((a, b) => a + b, 0),
          1000,
        );
        assert.ok(Math.min(...s) >= 1);
        assert.ok(Math.max(...s) / Math.min(...s) > minRatio, `${options.distribution} seed ${seed}: ${s.join(',')}`);
      }
    }
  });

  it('gives equal sizes with σ = 0', () => {
    assert.deepEqual(sizes(quantitySplit(splitInput(1, 10), { ...lognormal, sigma: 0 })), new Array(10).fill(100));
  });

  it('keeps labels IID: only the sizes are skewed', () => {
    const skew = labelSkew(countLabels(quantitySplit(splitInput(4, 5), lognormal), balancedLabels(), 10));
    assert.ok(skew < 0.2, `skew ${skew}`);
  });

  it('survives extreme power-law draws without losing rows', () => {
    // Exponent 0.01 makes raw weights overflow to Infinity; the split works in log space.
    const shards = quantitySplit(splitInput(2, 50), { ...powerlaw, exponent: 0.01 });
    assertEveryRowOnce(shards, 1000);
    assert.ok(Math.min(...sizes(shards)) >= 1);
  });

  it('splits 50,000 examples among 10,000 clients', () => {
    const labels = balancedLabels(50_000);
    for (const options of [lognormal, powerlaw]) {
      const shards = quantitySplit({ labels, numClasses: 10, numClients: 10_000, rng: new Rng(1) }, options);
      assert.equal(shards.length, 10_000);
      assertEveryRowOnce(shards, 50_000);
    }
  });
});

describe('sizesFromWeights', () => {
  it('rounds by largest remainder after giving everyone one row', () => {
    // 10 spare rows by weights 1:1:1 → 3.33 each; the one left over goes to the first (ties by index).
    assert.deepEqual(Array.from(sizesFromWeights([1, 1, 1], 13)), [5, 4, 4]);
    // 7 spare by 6:1 → 6, 1 exactly.
    assert.deepEqual(Array.from(sizesFromWeights([6, 1], 9)), [7, 2]);
    // A negligible weight still gets its one row.
    assert.deepEqual(Array.from(sizesFromWeights([1, 1e-12], 10)), [9, 1]);
  });
});

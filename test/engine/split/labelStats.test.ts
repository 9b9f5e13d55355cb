import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distinctLabelsPerClient, globalLabelDistribution, labelSkew, totalVariation } from '../../../engine/split/labelStats.js';

describe('labelStats', () => {
  it('reads 0 skew when every client has the global label mix', () => {
    assert.equal(
      labelSkew([
        [5, 5],
        [10, 10],
      ]),
      0,
    );
  });

  it('reads 1 − 1/K skew when each client sees a single one of K equally common classes', () => {
    const counts = [0, 1, 2, 3].map((k) => [0, 1, 2, 3].map((j) => (j === k ? 25 : 0)));
    assert.ok(Math.abs(labelSkew(counts) - 0.75) < 1e-12);
  });

  it('ignores clients with no examples', () => {
    assert.equal(
      labelSkew([
        [3, 3],
        [0, 0],
      ]),
      0,
    );
    assert.equal(labelSkew([]), 0);
  });

  it('measures distances and distributions', () => {
    assert.equal(totalVariation([1, 0], [0, 1]), 1);
    assert.deepEqual(
      globalLabelDistribution([
        [1, 0],
        [2, 1],
      ]),
      [0.75, 0.25],
    );
  });

  it('counts the distinct labels each client holds', () => {
    assert.deepEqual(
      distinctLabelsPerClient([
        [0, 3, 0],
        [1, 1, 1],
        [0, 0, 0],
      ]),
      [1, 3, 0],
    );
  });
});

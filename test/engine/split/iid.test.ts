import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { iidSplit } from '../../../engine/split/iid.js';
import { countLabels, labelSkew } from '../../../engine/split/labelStats.js';
import { asLists, assertEveryRowOnce, balancedLabels, sizes, splitInput } from './fixtures.js';

describe('iidSplit', () => {
  it('gives every example to exactly one client', () => {
    assertEveryRowOnce(iidSplit(splitInput(1, 7)), 1000);
  });

  it('makes client sizes differ by at most one, the first clients getting the extra rows', () => {
    assert.deepEqual(sizes(iidSplit(splitInput(1, 7))), [143, 143, 143, 143, 143, 143, 142]);
    assert.deepEqual(sizes(iidSplit(splitInput(1, 3, balancedLabels(10)))), [4, 3, 3]);
  });

  it('repeats exactly with the same seed and differs with another', () => {
    assert.deepEqual(asLists(iidSplit(splitInput(42))), asLists(iidSplit(splitInput(42))));
    assert.notDeepEqual(asLists(iidSplit(splitInput(42))), asLists(iidSplit(splitInput(43))));
  });

  it('mixes labels: each client sees roughly the global label mix', () => {
    const labels = balancedLabels();
    const skew = labelSkew(countLabels(iidSplit(splitInput(3)), labels, 10));
    assert.ok(skew < 0.15, `skew ${skew}`);
  });

  it('gives one client everything and each of n clients one row at the extremes', () => {
    assert.deepEqual(sizes(iidSplit(splitInput(1, 1))), [1000]);
    assert.deepEqual(sizes(iidSplit(splitInput(1, 1000))), new Array(1000).fill(1));
  });
});

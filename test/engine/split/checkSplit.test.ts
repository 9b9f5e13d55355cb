import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dirichletSplit } from '../../../engine/split/dirichlet.js';
import { iidSplit } from '../../../engine/split/iid.js';
import { SplitError } from '../../../engine/split/partition.js';
import { pathologicalSplit } from '../../../engine/split/pathological.js';
import { quantitySplit } from '../../../engine/split/quantity.js';
import type { Shards, SplitInput } from '../../../engine/split/partition.js';
import { balancedLabels, splitInput } from './fixtures.js';

const splitters: Record<string, (input: SplitInput) => Shards> = {
  iid: iidSplit,
  dirichlet: (input) => dirichletSplit(input, { alpha: 0.5, minPartitionSize: 0 }),
  pathological: (input) => pathologicalSplit(input, { classesPerClient: 1 }),
  quantity: (input) => quantitySplit(input, { distribution: 'lognormal', sigma: 1, exponent: 1.5 }),
};

describe('split preconditions', () => {
  for (const [name, split] of Object.entries(splitters)) {
    it(`${name}: explains asking for more clients than there are examples`, () => {
      assert.throws(
        () => split(splitInput(1, 12, balancedLabels(10))),
        (e: unknown) =>
          e instanceof SplitError &&
          e.field === 'numClients' &&
          e.message.startsWith('This split asks for 12 clients but the training set has only 10 examples'),
      );
    });

    it(`${name}: explains a client count that is not a whole number of at least 1`, () => {
      for (const numClients of [0, 2.5]) {
        assert.throws(
          () => split(splitInput(1, numClients)),
          (e: unknown) => e instanceof SplitError && e.field === 'numClients',
        );
      }
    });
  }

  it('rejects a label outside [0, numClasses) as a bug, not a user mistake', () => {
    const labels = Int32Array.from([0, 1, 10]);
    assert.throws(() => iidSplit({ ...splitInput(1, 2), labels }), RangeError);
  });

  it('explains quantity parameters out of range', () => {
    assert.throws(
      () => quantitySplit(splitInput(1), { distribution: 'lognormal', sigma: -1, exponent: 1.5 }),
      (e: unknown) => e instanceof SplitError && e.field === 'sigma',
    );
    assert.throws(
      () => quantitySplit(splitInput(1), { distribution: 'powerlaw', sigma: 1, exponent: 0 }),
      (e: unknown) => e instanceof SplitError && e.field === 'exponent',
    );
  });
});

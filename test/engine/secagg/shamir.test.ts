/**
 * Shamir secret sharing over GF(2^521 − 1): any t shares give the secret back, t − 1 do not, and hostile
 * shares (a repeated index, a wrong length, too few) are refused with a SecAggError and a sentence.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { combineShares, SecAggError, splitSecret, type Share } from '../../../engine/secagg/index.js';

const SECRET = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);
const INDICES = [1, 2, 3, 4, 5, 6];
const T = 3;

function subsets<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  if (items.length < size) return [];
  const [first, ...rest] = items;
  return [...subsets(rest, size - 1).map((s) => [first, ...s]), ...subsets(rest, size)];
}

function refusal(field: string, pattern: RegExp) {
  return (error: unknown) => error instanceof SecAggError && error.field === field && pattern.test(error.message);
}

describe('Shamir secret sharing', () => {
  it('reconstructs the secret from any t of the n shares, in any order', () => {
    const shares = splitSecret(SECRET, INDICES, T);
    for (const subset of subsets(shares, T)) {
      assert.deepEqual(combineShares(subset, T, 32), SECRET);
      assert.deepEqual(combineShares([...subset].reverse(), T, 32), SECRET);
    }
  });

  it('does not reconstruct the secret from t − 1 shares', () => {
    const shares = splitSecret(SECRET, INDICES, T);
    for (const subset of subsets(shares, T - 1)) {
      let got: Uint8Array | undefined;
      try {
        got = combineShares(subset, T - 1, 32);
      } catch (error) {
        assert.ok(error instanceof SecAggError && /do not reconstruct/.test(error.message));
      }
      if (got !== undefined) assert.notDeepEqual(got, SECRET);
    }
  });

  it('gives different shares each time it splits the same secret', () => {
    const a = splitSecret(SECRET, INDICES, T);
    const b = splitSecret(SECRET, INDICES, T);
    assert.notDeepEqual(a[0].value, b[0].value);
  });

  it('refuses a repeated share index', () => {
    const shares = splitSecret(SECRET, INDICES, T);
    assert.throws(() => combineShares([shares[0], shares[1], shares[0]], T, 32), refusal('shares', /same index 1/));
    assert.throws(() => splitSecret(SECRET, [1, 2, 2], 2), refusal('shares', /asked for twice/));
  });

  it('refuses a share of the wrong length or outside the field', () => {
    const shares = splitSecret(SECRET, INDICES, T);
    const short: Share = { index: 9, value: new Uint8Array(10) };
    assert.throws(() => combineShares([shares[0], shares[1], short], T, 32), refusal('shares', /66 bytes, got 10/));
    const huge: Share = { index: 9, value: new Uint8Array(66).fill(0xff) };
    assert.throws(() => combineShares([shares[0], shares[1], huge], T, 32), refusal('shares', /not an element of the field/));
    const badIndex: Share = { index: 0, value: shares[0].value };
    assert.throws(() => combineShares([badIndex, shares[1], shares[2]], T, 32), refusal('shares', /from 1 to 65535, got 0/));
  });

  it('refuses too few shares, and a threshold above the number of shares', () => {
    const shares = splitSecret(SECRET, INDICES, T);
    assert.throws(() => combineShares(shares.slice(0, 2), T, 32), refusal('threshold', /needs 3 shares, got only 2/));
    assert.throws(() => splitSecret(SECRET, [1, 2], 3), refusal('threshold', /from 1 to the 2 shares, got 3/));
    assert.throws(() => splitSecret(new Uint8Array(65), INDICES, T), refusal('shares', /1 to 64 bytes, got 65/));
  });
});

/** Small builders and assertions shared by the strategy tests. */
import assert from 'node:assert/strict';
import type { ClientUpdate } from '../../../engine/strategy/types.js';

/** A client update from plain numbers. */
export function update(clientId: number, weights: readonly number[], numExamples = 1): ClientUpdate {
  return { clientId, weights: Float32Array.from(weights), numExamples };
}

/** Asserts |actual_j − expected_j| < tolerance for every coordinate (and equal lengths). */
export function assertClose(
  actual: ArrayLike<number>,
  expected: readonly number[],
  tolerance = 1e-6,
  message = '',
): void {
  assert.equal(actual.length, expected.length, `${message} length`);
  for (let j = 0; j < expected.length; j++) {
    assert.ok(
      Math.abs(actual[j] - expected[j]) < tolerance,
      `${message} coordinate ${j}: got ${actual[j]}, expected ${expected[j]} (±${tolerance})`,
    );
  }
}

/** A deep copy of the updates, to check later that a strategy left its inputs alone. */
export function snapshot(updates: readonly ClientUpdate[]): ClientUpdate[] {
  return updates.map((u) => ({ ...u, weights: u.weights.slice() }));
}

/** The same updates in reverse and in a rotated order, for order-independence checks. */
export function reorderings(updates: readonly ClientUpdate[]): ClientUpdate[][] {
  const reversed = [...updates].reverse();
  const rotated = [...updates.slice(1), ...updates.slice(0, 1)];
  return [reversed, rotated];
}

import type { ClientUpdate } from './types.js';

/**
 * Returns a sorted copy of the updates (increasing clientId) after checking they can be merged.
 * Every strategy goes through here so results never depend on the order clients happened to answer in.
 */
export function orderUpdates(updates: readonly ClientUpdate[], expectedLength?: number): ClientUpdate[] {
  const ordered = [...updates].sort((a, b) => a.clientId - b.clientId);
  const reference = ordered[0];
  const length = expectedLength ?? reference?.weights.length;
  const lengthSource = expectedLength === undefined ? `client ${reference?.clientId}'s update` : 'the global model';
  for (let i = 0; i < ordered.length; i++) {
    const update = ordered[i];
    // Two updates under one id would make the summation order depend on the input order again.
    if (i > 0 && ordered[i - 1].clientId === update.clientId) {
      throw new Error(`Client ${update.clientId} sent more than one update in the same round`);
    }
    if (update.weights.length !== length) {
      throw new Error(
        `Client ${update.clientId} sent ${update.weights.length} weights, but ${lengthSource} has ${length}`,
      );
    }
    if (!Number.isFinite(update.numExamples) || update.numExamples < 0) {
      throw new Error(`Client ${update.clientId} reported an invalid number of examples: ${update.numExamples}`);
    }
  }
  return ordered;
}

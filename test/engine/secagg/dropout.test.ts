/**
 * Clients that share their keys and then drop before sending a masked update: the server still recovers the
 * exact sum of the survivors, and with too few survivors the round fails with a clear error, not a wrong sum.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildGraph, SecAggError, secureSum, type NeighbourGraph } from '../../../engine/secagg/index.js';
import { allBut, integerSum, quantisedInputs, randomUpdates } from './helpers.js';

const RANGE = 1;

/** `count` clients no two of which share a closed neighbourhood, so every neighbourhood loses at most one. */
function spreadOut(graph: NeighbourGraph, count: number): number[] {
  const blocked = new Set<number>();
  const picked: number[] = [];
  for (let id = 0; id < graph.length && picked.length < count; id++) {
    if (blocked.has(id)) continue;
    picked.push(id);
    for (const a of [id, ...graph[id]]) for (const b of [a, ...graph[a]]) blocked.add(b);
  }
  assert.equal(picked.length, count);
  return picked;
}

describe('secure aggregation with dropouts', () => {
  it('recovers the exact sum of the survivors when one client drops after sharing keys', async () => {
    const updates = randomUpdates(8, 300, RANGE, 4);
    const result = await secureSum(updates, { range: RANGE, graph: { kind: 'complete' }, dropAfterShareKeys: [5] });
    assert.deepEqual(result.dropped, [5]);
    assert.deepEqual(result.integerSum, integerSum(quantisedInputs(updates, RANGE), allBut(8, [5])));
  });

  it('recovers the exact sum of the survivors when three clients drop (complete graph)', async () => {
    const updates = randomUpdates(10, 300, RANGE, 5);
    const result = await secureSum(updates, { range: RANGE, graph: { kind: 'complete' }, dropAfterShareKeys: [0, 4, 9] });
    assert.deepEqual(result.survivors, allBut(10, [0, 4, 9]));
    assert.deepEqual(result.integerSum, integerSum(quantisedInputs(updates, RANGE), allBut(10, [0, 4, 9])));
  });

  it('recovers the exact sum of the survivors when three clients drop (sparse graph)', async () => {
    const choice = { kind: 'sparse', degree: 4, seed: 11 } as const;
    const dropped = spreadOut(buildGraph(40, choice), 3);
    const updates = randomUpdates(40, 200, RANGE, 6);
    const result = await secureSum(updates, { range: RANGE, graph: choice, dropAfterShareKeys: dropped });
    assert.deepEqual(result.dropped, dropped);
    assert.deepEqual(result.integerSum, integerSum(quantisedInputs(updates, RANGE), allBut(40, dropped)));
  });

  it('fails with a clear error when fewer clients survive than the threshold', async () => {
    const updates = randomUpdates(5, 50, RANGE, 7);
    await assert.rejects(
      secureSum(updates, { range: RANGE, graph: { kind: 'complete' }, dropAfterShareKeys: [0, 1, 2] }),
      (error: unknown) => error instanceof SecAggError && error.field === 'survivors' && /needs at least 3/.test(error.message),
    );
  });

  it("fails with a clear error when a dropped client's neighbourhood keeps too few shares", async () => {
    // Degree 2 (a ring), threshold 2: dropping two adjacent clients leaves each only one live neighbour.
    const updates = randomUpdates(8, 50, RANGE, 8);
    const graph = buildGraph(8, { kind: 'sparse', degree: 2, seed: 3 });
    const pair = [0, graph[0][0]];
    await assert.rejects(
      secureSum(updates, { range: RANGE, graph: { kind: 'sparse', degree: 2, seed: 3 }, threshold: 2, dropAfterShareKeys: pair }),
      (error: unknown) => error instanceof SecAggError && error.field === 'survivors' && /cannot be unmasked/.test(error.message),
    );
  });
});

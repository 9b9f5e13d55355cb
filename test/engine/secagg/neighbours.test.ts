/** The neighbour graphs: complete (Bonawitz) and SecAgg+'s seeded random k-regular graph. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completeGraph, defaultDegree, SecAggError, sparseGraph } from '../../../engine/secagg/index.js';

describe('neighbour graphs', () => {
  it('the sparse graph is k-regular, symmetric, without self-loops, and repeats for a seed', () => {
    const graph = sparseGraph(101, 8, 42);
    for (let i = 0; i < 101; i++) {
      assert.equal(graph[i].length, 8);
      assert.ok(!graph[i].includes(i));
      for (const j of graph[i]) assert.ok(graph[j].includes(i), `${i}–${j} is one-way`);
    }
    assert.deepEqual(sparseGraph(101, 8, 42), graph);
    assert.notDeepEqual(sparseGraph(101, 8, 43), graph);
  });

  it('the complete graph links every pair, and a sparse degree ≥ n − 1 gives it', () => {
    assert.deepEqual(completeGraph(4), [[1, 2, 3], [0, 2, 3], [0, 1, 3], [0, 1, 2]]);
    assert.deepEqual(sparseGraph(4, 4, 1), completeGraph(4));
  });

  it('the default degree gives a graph for every client count, the complete one when n − 1 is odd and small', () => {
    for (let n = 2; n <= 12; n++) {
      const graph = sparseGraph(n, defaultDegree(n), 5);
      assert.ok(graph.every((neighbours) => neighbours.length === Math.min(n - 1, defaultDegree(n))), `n = ${n}`);
    }
    assert.deepEqual(sparseGraph(4, defaultDegree(4), 5), completeGraph(4));
  });

  it('the default degree grows as 2·log₂ n', () => {
    assert.equal(defaultDegree(10), 8);
    assert.equal(defaultDegree(100), 14);
    assert.equal(defaultDegree(1000), 20);
  });

  it('refuses an odd or too small degree with a sentence', () => {
    assert.throws(() => sparseGraph(10, 3, 1), (e: unknown) => e instanceof SecAggError && /even whole number/.test(e.message));
    assert.throws(() => sparseGraph(1, 2, 1), (e: unknown) => e instanceof SecAggError && /at least 2 clients/.test(e.message));
  });
});

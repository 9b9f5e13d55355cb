/**
 * Who masks with whom. Bonawitz et al. (2017) pair every client with every other (the complete graph:
 * n − 1 masks and shares per client, n² in all). SecAgg+ (Bell et al. 2020) pairs each client with only k
 * others on a random k-regular graph, k = O(log n), so a round costs n·k; privacy then rests on the graph
 * being random and unknown in advance to whoever corrupts clients. The sparse graph here is a Harary
 * graph — a ring where each client links the k/2 nearest on either side — over a seeded random order of
 * the clients: exactly k-regular and symmetric, as in Bell et al.'s construction.
 */
import { Rng } from '../random/rng.js';
import { SecAggError } from './secaggError.js';

/** The neighbour graph: for each client id 0..n−1, its neighbours' ids in ascending order (never itself). */
export type NeighbourGraph = readonly (readonly number[])[];

/** Which graph to use: every pair (Bonawitz) or a seeded random k-regular one (SecAgg+). */
export type GraphChoice = { readonly kind: 'complete' } | { readonly kind: 'sparse'; readonly degree: number; readonly seed: number };

/** The complete graph on n clients. */
export function completeGraph(clients: number): NeighbourGraph {
  checkClients(clients);
  return Array.from({ length: clients }, (_, i) => Array.from({ length: clients - 1 }, (_, j) => (j < i ? j : j + 1)));
}

/** SecAgg+'s default degree: the even number ≥ 2·⌈log₂ n⌉, capped at n − 1 (then the graph is complete). */
export function defaultDegree(clients: number): number {
  checkClients(clients);
  const wanted = 2 * Math.ceil(Math.log2(Math.max(2, clients)));
  return Math.min(clients - 1, wanted + (wanted % 2));
}

/** A seeded random k-regular graph on n clients (k even; k ≥ n − 1 gives the complete graph). */
export function sparseGraph(clients: number, degree: number, seed: number): NeighbourGraph {
  checkClients(clients);
  // A degree of n − 1 or more is the complete graph whatever its parity: defaultDegree gives n − 1 for small
  // n, which is odd for 2, 4 or 6 clients.
  if (Number.isInteger(degree) && degree >= clients - 1) return completeGraph(clients);
  if (!Number.isInteger(degree) || degree < 2 || degree % 2 !== 0) {
    throw new SecAggError('graph', `The neighbour degree must be an even whole number ≥ 2, got ${degree}.`);
  }
  const order = Array.from({ length: clients }, (_, i) => i);
  const rng = new Rng(seed >>> 0);
  for (let i = clients - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const sets = Array.from({ length: clients }, () => new Set<number>());
  for (let p = 0; p < clients; p++) {
    for (let d = 1; d <= degree / 2; d++) {
      const a = order[p];
      const b = order[(p + d) % clients];
      sets[a].add(b);
      sets[b].add(a);
    }
  }
  return sets.map((s) => [...s].sort((x, y) => x - y));
}

/** The graph a choice names. */
export function buildGraph(clients: number, choice: GraphChoice): NeighbourGraph {
  switch (choice.kind) {
    case 'complete':
      return completeGraph(clients);
    case 'sparse':
      return sparseGraph(clients, choice.degree, choice.seed);
    default:
      return assertNever(choice);
  }
}

function assertNever(value: never): never {
  throw new SecAggError('graph', `Unknown graph kind ${JSON.stringify(value)}.`);
}

function checkClients(clients: number): void {
  if (!Number.isInteger(clients) || clients < 2) {
    throw new SecAggError('settings', `Secure aggregation needs at least 2 clients, got ${clients}.`);
  }
}

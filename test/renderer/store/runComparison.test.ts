/** The comparison's lines, final figures and differing settings, from the host's answer. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StoredRunComparison } from '../../../engine/host/hostApi.js';
import type { RoundRecord } from '../../../engine/run/events.js';
import { comparedSeries, comparisonHasClock, differenceRows, runLabel } from '../../../renderer/src/store/runComparison.js';

const rec = (round: number, accuracy: number, clock?: number): RoundRecord => ({
  aggregatorId: 'fedavg',
  round,
  participants: 2,
  dropped: 0,
  trainLoss: 1,
  bytesUp: 1,
  bytesDown: 1,
  ms: 1,
  test: { examples: 10, loss: 1 - accuracy, accuracy, perClassAccuracy: [], confusion: [] },
  ...(clock !== undefined ? { clock } : {}),
});

const fed = { aggregatorId: 'fedavg', label: 'FedAvg', strategy: 'FedAvg' as const, rounds: 2, roundsDone: 2, accuracy: 0.5, loss: 0.5 };
const comparison = (clocks: boolean): StoredRunComparison => ({
  runs: [
    { id: 'mnist-20261202-010000-aaaaaa', name: 'MNIST', status: 'finished', seed: 1, backend: 'wasm', durationMs: 1000, federations: [fed], startedAt: '2026-12-02T01:00:00Z' },
    { id: 'mnist-20261202-010100-bbbbbb', name: 'MNIST', status: 'finished', seed: 1, backend: 'wasm', durationMs: 1000, federations: [fed], startedAt: '2026-12-02T01:01:00Z' },
  ],
  differences: [
    { nodeId: 'clients', path: 'params.learningRate', values: [0.05, 0.2] },
    { path: 'seed', values: [1, undefined] },
    // What a run lacks arrives as null once the comparison has crossed the wire as JSON.
    { nodeId: 'split', path: 'params.alpha', values: [0.1, null] },
  ],
  histories: [
    { fedavg: [rec(1, 0.3, clocks ? 5 : undefined), rec(2, 0.4, clocks ? 9 : undefined)] },
    { fedavg: [rec(1, 0.5, clocks ? 4 : undefined), rec(2, 0.7, clocks ? 8 : undefined)] },
  ],
});

test('one accuracy line per run on the rounds axis, each run named by its name and the end of its id', () => {
  const lines = comparedSeries(comparison(false), 'accuracy');
  assert.deepEqual(lines.map((l) => l.label), ['MNIST · aaaaaa', 'MNIST · bbbbbb']);
  assert.deepEqual(lines.map((l) => l.run), [0, 1]);
  assert.deepEqual(lines[1]!.points, [{ x: 1, y: 0.5 }, { x: 2, y: 0.7 }]);
  assert.equal(runLabel({ id: 'x-123456', name: 'N' }), 'N · 123456');
});

test('simulated time is offered only when every round has a clock, and then places the points on it', () => {
  assert.equal(comparisonHasClock(comparison(false)), false);
  assert.equal(comparisonHasClock(comparison(true)), true);
  const lines = comparedSeries(comparison(true), 'loss', 'time');
  assert.deepEqual(lines[0]!.points.map((p) => p.x), [5, 9]);
  assert.ok(Math.abs(lines[0]!.points[1]!.y - 0.6) < 1e-9);
});

test('the settings that differ read node · param path with a value per run, a dash where a run lacks it', () => {
  assert.deepEqual(differenceRows(comparison(false)), [
    { key: 'clients:params.learningRate', where: 'clients · params.learningRate', values: ['0.05', '0.2'] },
    { key: 'seed', where: 'seed', values: ['1', '—'] },
    { key: 'split:params.alpha', where: 'split · params.alpha', values: ['0.1', '—'] },
  ]);
});

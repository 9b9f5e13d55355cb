import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RoundRecord, RunEvent } from '../../../engine/run/events.js';
import { applyRunEvents, beginRun } from '../../../renderer/src/store/runReducer.js';
import { chartPoints } from '../../../renderer/src/store/metricsAxis.js';
import { clockByRound, formatSeconds, hasSimulatedClock } from '../../../renderer/src/store/simulatedTime.js';
import { createViewStore } from '../../../renderer/src/store/viewStore.js';
import { mnistTemplate } from './fixtures.js';

const rec = (round: number, clock?: number): Pick<RoundRecord, 'round' | 'clock'> => ({ round, ...(clock === undefined ? {} : { clock }) });

test('chartPoints: on rounds, x is the round', () => {
  const points = [{ round: 1, value: 0.5 }, { round: 2, value: 0.7 }];
  assert.deepEqual(chartPoints(points, 'rounds', new Map()), [{ x: 1, y: 0.5 }, { x: 2, y: 0.7 }]);
});

test("chartPoints: on simulated time, x is the clock at the end of the point's round", () => {
  const clocks = clockByRound([rec(1, 8), rec(2, 16), rec(3, 21.5)]);
  const points = [{ round: 1, value: 0.5 }, { round: 2, value: 0.7 }, { round: 3, value: 0.75 }];
  assert.deepEqual(chartPoints(points, 'time', clocks), [{ x: 8, y: 0.5 }, { x: 16, y: 0.7 }, { x: 21.5, y: 0.75 }]);
});

test('chartPoints: a point whose round has no clock (yet) is left out on simulated time, never guessed', () => {
  // Round 3's client losses arrive before its record: no clock for round 3 yet.
  const clocks = clockByRound([rec(1, 8), rec(2, 16)]);
  const points = [{ round: 1, value: 1 }, { round: 2, value: 0.8 }, { round: 3, value: 0.6 }];
  assert.deepEqual(chartPoints(points, 'time', clocks), [{ x: 8, y: 1 }, { x: 16, y: 0.8 }]);
  // A client that skipped round 1 keeps its own rounds' times.
  assert.deepEqual(chartPoints([{ round: 2, value: 0.9 }], 'time', clocks), [{ x: 16, y: 0.9 }]);
  assert.deepEqual(chartPoints(points, 'time', new Map()), []);
});

test('clockByRound and hasSimulatedClock read only records that carry a finite clock', () => {
  assert.deepEqual([...clockByRound([rec(1), rec(2, 3.5), rec(3, Number.NaN)])], [[2, 3.5]]);
  assert.equal(hasSimulatedClock([{ records: [] }, { records: [{ ...baseRecord(1) }] }]), false);
  assert.equal(hasSimulatedClock([{ records: [{ ...baseRecord(1) }] }, { records: [{ ...baseRecord(1), clock: 0 }] }]), true);
});

test('formatSeconds reads well from fractions of a second to days', () => {
  assert.equal(formatSeconds(0), '0 s');
  assert.equal(formatSeconds(0.354), '0.35 s');
  assert.equal(formatSeconds(7.954), '8.0 s');
  assert.equal(formatSeconds(42.4), '42 s');
  assert.equal(formatSeconds(90), '1.5 min');
  assert.equal(formatSeconds(120), '2 min');
  assert.equal(formatSeconds(1500), '25 min');
  assert.equal(formatSeconds(3600), '1 h');
  assert.equal(formatSeconds(4800), '1 h 20 min');
  assert.equal(formatSeconds(7199), '2 h');
  assert.equal(formatSeconds(3 * 86400 + 4 * 3600), '3.2 d');
});

function baseRecord(round: number): RoundRecord {
  return { aggregatorId: 'a', round, participants: 2, dropped: 0, trainLoss: 0.5, bytesUp: 10, bytesDown: 10, ms: 1 };
}

test("the run's records place two federations' accuracies on one simulated time axis", () => {
  const groups = [{ clientNodeId: 'clients', splitId: 'split', clients: 2, behaviour: 'honest' }];
  const fed = (id: string) => ({ aggregatorId: id, label: id, strategy: 'FedAvg' as const, rounds: 2, clients: 2, groups, weights: 10 });
  const started: RunEvent = { type: 'run-started', runId: 'r', pipeline: 'p', seed: 1, backend: 'cpu', workers: 1, federations: [fed('drop'), fed('partial')], partitions: [] };
  const evaluated = (agg: string, round: number, clock: number, accuracy: number): RunEvent => ({
    type: 'evaluated',
    aggregatorId: agg,
    round,
    record: {
      ...baseRecord(round),
      aggregatorId: agg,
      simulatedSeconds: clock / round,
      clock,
      test: { examples: 10, loss: 1, accuracy, perClassAccuracy: [], confusion: [] },
    },
  });
  const s = applyRunEvents(beginRun(mnistTemplate(), 'tab'), [started, evaluated('drop', 1, 8, 0.3), evaluated('partial', 1, 7.95, 0.2), evaluated('drop', 2, 16, 0.5), evaluated('partial', 2, 15.9, 0.45)]);
  const feds = s.federationOrder.map((id) => s.federations[id]);
  assert.equal(hasSimulatedClock(feds), true);
  const [drop, partial] = feds.map((f) => chartPoints(f.accuracy, 'time', clockByRound(f.records)));
  assert.deepEqual(drop, [{ x: 8, y: 0.3 }, { x: 16, y: 0.5 }]);
  assert.deepEqual(partial, [{ x: 7.95, y: 0.2 }, { x: 15.9, y: 0.45 }]);
});

test('the view store keeps the Metrics axis (rounds by default), not the document', () => {
  const view = createViewStore();
  assert.equal(view.getState().metricsAxis, 'rounds');
  view.getState().setMetricsAxis('time');
  assert.equal(view.getState().metricsAxis, 'time');
});

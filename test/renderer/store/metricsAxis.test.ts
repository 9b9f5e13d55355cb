/** The Metrics panel's x axes: rounds, simulated time, and the bytes each federation had moved by each round's end. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FederationInfo, RoundRecord, RunEvent } from '../../../engine/run/events.js';
import { availableAxes, axisPositions, chartPoints } from '../../../renderer/src/store/metricsAxis.js';
import { applyRunEvents, beginRun } from '../../../renderer/src/store/runReducer.js';
import { mnistTemplate } from './fixtures.js';

const rec = (round: number, bytesUp: number, bytesDown: number, over: Partial<RoundRecord> = {}): RoundRecord => ({
  aggregatorId: 'a',
  round,
  participants: 2,
  dropped: 0,
  trainLoss: 0.5,
  bytesUp,
  bytesDown,
  ms: 1,
  ...over,
});

test('on the uplink axis a round lies at the bytes sent up to and including it; on up + down, both ways', () => {
  const records = [rec(1, 1000, 4000), rec(2, 1500, 4000), rec(3, 500, 4000)];
  assert.deepEqual([...axisPositions(records, 'uplink')], [[1, 1000], [2, 2500], [3, 3000]]);
  assert.deepEqual([...axisPositions(records, 'traffic')], [[1, 5000], [2, 10500], [3, 15000]]);
  const accuracy = [{ round: 1, value: 0.3 }, { round: 2, value: 0.5 }, { round: 3, value: 0.6 }];
  assert.deepEqual(chartPoints(accuracy, 'uplink', axisPositions(records, 'uplink')), [{ x: 1000, y: 0.3 }, { x: 2500, y: 0.5 }, { x: 3000, y: 0.6 }]);
});

test('the sums follow round order, whatever order the records came in, and a record seen again counts once', () => {
  const records = [rec(2, 200, 0), rec(1, 100, 0), rec(3, 300, 0), rec(2, 250, 0)];
  assert.deepEqual([...axisPositions(records, 'uplink')], [[1, 100], [2, 350], [3, 650]]);
});

test("a point whose round's record has not come yet is left out on a bytes axis, never guessed", () => {
  // Round 3's client losses arrive before its record.
  const positions = axisPositions([rec(1, 100, 100), rec(2, 100, 100)], 'uplink');
  const points = [{ round: 1, value: 1 }, { round: 2, value: 0.8 }, { round: 3, value: 0.6 }];
  assert.deepEqual(chartPoints(points, 'uplink', positions), [{ x: 100, y: 1 }, { x: 200, y: 0.8 }]);
});

test('the byte axes are offered once a round is in; simulated time only where the records carry the clock', () => {
  assert.deepEqual(availableAxes([]), ['rounds']);
  assert.deepEqual(availableAxes([{ records: [] }]), ['rounds']);
  assert.deepEqual(availableAxes([{ records: [] }, { records: [rec(1, 10, 10)] }]), ['rounds', 'uplink', 'traffic']);
  assert.deepEqual(availableAxes([{ records: [rec(1, 10, 10, { clock: 8 })] }]), ['rounds', 'time', 'uplink', 'traffic']);
  assert.deepEqual([...axisPositions([rec(1, 10, 10, { clock: 8 })], 'time')], [[1, 8]]);
  assert.deepEqual([...axisPositions([rec(1, 10, 10)], 'rounds')], []);
});

test("the run's records place federations of different lengths on one uplink axis, each with its own sums", () => {
  const groups = [{ clientNodeId: 'clients', splitId: 'split', clients: 2, behaviour: 'honest' }];
  const fed = (id: string): FederationInfo => ({ aggregatorId: id, label: id, strategy: 'FedAvg', rounds: 3, clients: 2, groups, weights: 10 });
  const started: RunEvent = { type: 'run-started', runId: 'r', pipeline: 'p', seed: 1, backend: 'cpu', workers: 1, federations: [fed('small'), fed('wild')], partitions: [] };
  const evaluated = (agg: string, round: number, bytesUp: number, accuracy: number, over: Partial<RoundRecord> = {}): RunEvent => ({
    type: 'evaluated',
    aggregatorId: agg,
    round,
    record: { ...rec(round, bytesUp, 2 * bytesUp, over), aggregatorId: agg, test: { examples: 10, loss: 1, accuracy, perClassAccuracy: [], confusion: [] } },
  });
  // 'wild' sends twice the bytes and diverges in round 2: it stops there, 'small' goes on to round 3.
  const s = applyRunEvents(beginRun(mnistTemplate(), 'tab'), [
    started,
    evaluated('small', 1, 1000, 0.3),
    evaluated('wild', 1, 2000, 0.2),
    evaluated('small', 2, 1000, 0.5),
    { type: 'diverged', aggregatorId: 'wild', round: 2, message: 'wild diverged' },
    evaluated('wild', 2, 2000, 0.1, { diverged: true }),
    evaluated('small', 3, 1000, 0.6),
  ]);
  const feds = s.federationOrder.map((id) => s.federations[id]);
  assert.deepEqual(availableAxes(feds), ['rounds', 'uplink', 'traffic']);
  const [small, wild] = feds.map((f) => chartPoints(f.accuracy, 'uplink', axisPositions(f.records, 'uplink')));
  assert.deepEqual(small, [{ x: 1000, y: 0.3 }, { x: 2000, y: 0.5 }, { x: 3000, y: 0.6 }]);
  assert.deepEqual(wild, [{ x: 2000, y: 0.2 }, { x: 4000, y: 0.1 }]);
  const [smallBoth, wildBoth] = feds.map((f) => chartPoints(f.accuracy, 'traffic', axisPositions(f.records, 'traffic')));
  assert.deepEqual(smallBoth.map((p) => p.x), [3000, 6000, 9000]);
  assert.deepEqual(wildBoth.map((p) => p.x), [6000, 12000]);
});

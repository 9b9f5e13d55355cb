import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RoundRecord, RunEvent } from '../../../engine/run/events.js';
import { explainLatestRound, explainRound } from '../../../renderer/src/store/explainRound.js';
import { applyRunEvents, beginRun } from '../../../renderer/src/store/runReducer.js';
import { mnistTemplate } from './fixtures.js';

const started = (agg: string, round: number, sampled: number[]): RunEvent => ({ type: 'round-started', aggregatorId: agg, round, sampled });
const finished = (agg: string, round: number, clientId: number, updateNorm: number): RunEvent => ({
  type: 'client-finished',
  aggregatorId: agg,
  round,
  clientId,
  clientNodeId: 'clients',
  examples: 100,
  loss: 0.5,
  updateNorm,
  bytesUp: 10,
  bytesDown: 10,
  ms: 5,
});
const dropped = (agg: string, round: number, clientId: number): RunEvent => ({ type: 'client-dropped', aggregatorId: agg, round, clientId, clientNodeId: 'clients' });
const aggregated = (agg: string, round: number, participants: number, selected?: number[]): RunEvent => ({
  type: 'aggregated',
  aggregatorId: agg,
  round,
  participants,
  trainLoss: 0.4321,
  ...(selected ? { selected } : {}),
  ms: 1,
});
const record = (agg: string, round: number, accuracy?: number, droppedCount = 0): RoundRecord => ({
  aggregatorId: agg,
  round,
  participants: 8,
  dropped: droppedCount,
  trainLoss: 0.4321,
  bytesUp: 80,
  bytesDown: 100,
  ms: 10,
  ...(accuracy === undefined ? {} : { test: { examples: 100, loss: 0.3, accuracy, perClassAccuracy: [], confusion: [] } }),
});
const evaluated = (agg: string, round: number, accuracy?: number, droppedCount = 0): RunEvent => ({
  type: 'evaluated',
  aggregatorId: agg,
  round,
  record: record(agg, round, accuracy, droppedCount),
});

/** A FedAvg round 3 of 10: 8 of 10 sampled, client 4 drops, clients 7 and 2 move the model most and least. */
function fedAvgRound(agg = 'fedavg', accuracy: number | null = 0.841): RunEvent[] {
  return [
    started(agg, 3, [0, 1, 2, 3, 4, 5, 7, 9]),
    dropped(agg, 3, 4),
    finished(agg, 3, 0, 1.1),
    finished(agg, 3, 7, 1.92),
    finished(agg, 3, 2, 0.31),
    finished(agg, 3, 5, 0.9),
    aggregated(agg, 3, 7),
    evaluated(agg, 3, accuracy ?? undefined, 1),
  ];
}

const fedAvgContext = { federations: { fedavg: { label: 'FedAvg', strategy: 'FedAvg', rounds: 10, clients: 10, previousAccuracy: 0.818 } } };

test('explainRound: counts the sampled and the dropped clients', () => {
  const { title, lines } = explainRound(fedAvgRound(), fedAvgContext);
  assert.equal(title, 'Round 3 of 10 — FedAvg');
  assert.equal(lines.length, 1);
  assert.match(lines[0], /^8 of 10 clients were sampled; client 4 dropped out\./);
});

test('explainRound: names all clients when every one was sampled, and several dropouts', () => {
  const events = [started('a', 1, [0, 1, 2, 3]), dropped('a', 1, 3), dropped('a', 1, 1), finished('a', 1, 0, 1), aggregated('a', 1, 2), evaluated('a', 1, 0.5, 2)];
  const { lines } = explainRound(events, { federations: { a: { clients: 4 } } });
  assert.match(lines[0], /^All 4 clients were sampled; clients 1 and 3 dropped out\./);
  assert.match(lines[0], /Client 0 moved the model by ‖Δ‖ = 1\.00\./);
});

test('explainRound: the dropout count comes from the record when not every dropout event was kept', () => {
  const events = [started('a', 1, [0, 1, 2]), dropped('a', 1, 2), aggregated('a', 1, 2), evaluated('a', 1, 0.5, 30)];
  assert.match(explainRound(events).lines[0], /30 clients dropped out/);
});

test('explainRound: names the client that moved the model most and least', () => {
  const { lines } = explainRound(fedAvgRound(), fedAvgContext);
  assert.match(lines[0], /Client 7 moved the model most \(‖Δ‖ = 1\.92\), client 2 least \(0\.31\)\./);
});

test('explainRound: says which client Krum kept', () => {
  const events = [started('krum', 2, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), finished('krum', 2, 5, 1), finished('krum', 2, 9, 8), aggregated('krum', 2, 10, [5]), evaluated('krum', 2, 0.6)];
  const { title, lines } = explainRound(events, { federations: { krum: { label: 'Krum', strategy: 'Krum', rounds: 10, clients: 10 } } });
  assert.equal(title, 'Round 2 of 10 — Krum');
  assert.match(lines[0], /Krum kept client 5 and set the other 9 updates aside\./);
  const multi = explainRound([aggregated('m', 1, 10, [6, 1, 3])], { federations: { m: { strategy: 'MultiKrum' } } });
  assert.match(multi.lines[0], /MultiKrum kept clients 1, 3 and 6 and set the other 7 updates aside\./);
});

test('explainRound: shows the test accuracy and its change with a sign', () => {
  assert.match(explainRound(fedAvgRound(), fedAvgContext).lines[0], /Test accuracy: 84\.1% \(\+2\.3 points\)\.$/);
  const worse = { federations: { fedavg: { ...fedAvgContext.federations.fedavg, previousAccuracy: 0.851 } } };
  assert.match(explainRound(fedAvgRound(), worse).lines[0], /Test accuracy: 84\.1% \(-1\.0 points\)\.$/);
  const same = { federations: { fedavg: { ...fedAvgContext.federations.fedavg, previousAccuracy: 0.841 } } };
  assert.match(explainRound(fedAvgRound(), same).lines[0], /Test accuracy: 84\.1% \(no change\)\.$/);
  const first = { federations: { fedavg: { ...fedAvgContext.federations.fedavg, previousAccuracy: null } } };
  assert.match(explainRound(fedAvgRound(), first).lines[0], /Test accuracy: 84\.1%\.$/);
});

test('explainRound: a round without evaluation says so and invents no accuracy', () => {
  const { lines } = explainRound(fedAvgRound('fedavg', null), fedAvgContext);
  assert.doesNotMatch(lines[0], /accuracy/i);
  assert.match(lines[0], /not tested this round/);
  // A round still in progress (no evaluated event yet).
  const going = explainRound([started('fedavg', 4, [1, 2]), finished('fedavg', 4, 1, 0.5)], fedAvgContext);
  assert.match(going.lines[0], /still going/);
});

test('explainRound: one block per federation when the document compares several', () => {
  const events = [...fedAvgRound('fedavg', 0.841), ...fedAvgRound('fedprox', 0.8)];
  const { title, lines } = explainRound(events, {
    federations: {
      fedavg: { label: 'FedAvg', strategy: 'FedAvg', rounds: 10, clients: 10, previousAccuracy: 0.818 },
      fedprox: { label: 'FedProx μ=0.01', strategy: 'FedAvg', rounds: 10, clients: 10, previousAccuracy: 0.81 },
    },
  });
  assert.equal(title, 'Round 3 of 10');
  assert.equal(lines.length, 2);
  assert.match(lines[0], /^FedAvg: 8 of 10 clients were sampled/);
  assert.match(lines[0], /\(\+2\.3 points\)/);
  assert.match(lines[1], /^FedProx μ=0\.01 \(FedAvg\): 8 of 10 clients were sampled/);
  assert.match(lines[1], /\(-1\.0 points\)/);
});

test('explainRound: no events gives a friendly placeholder', () => {
  const { title, lines } = explainRound([]);
  assert.equal(title, 'No round yet');
  assert.equal(lines.length, 1);
});

test('run reducer keeps a small record of each round, and explainLatestRound explains the last one', () => {
  const doc = mnistTemplate();
  const runStarted: RunEvent = {
    type: 'run-started',
    runId: 'r1',
    pipeline: 'MNIST',
    seed: 42,
    backend: 'wasm',
    workers: 2,
    federations: [
      { aggregatorId: 'fedavg', label: 'FedAvg', strategy: 'FedAvg', rounds: 10, clients: 10, groups: [{ clientNodeId: 'clients', splitId: 'split', clients: 10, behaviour: 'honest' }], weights: 100 },
    ],
    partitions: [],
  };
  let s = applyRunEvents(beginRun(doc, 'tab-1'), [runStarted]);
  assert.equal(explainLatestRound(s), null, 'nothing before the first round is done');
  const round = (r: number, accuracy: number): RunEvent[] => [
    started('fedavg', r, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
    ...Array.from({ length: 10 }, (_, i) => finished('fedavg', r, i, 1 + ((i * 7) % 10) / 10)),
    aggregated('fedavg', r, 10),
    evaluated('fedavg', r, accuracy),
  ];
  s = applyRunEvents(s, [...round(1, 0.7), ...round(2, 0.75)]);
  const kept = s.lastRoundEvents.fedavg;
  assert.deepEqual(
    kept.map((e) => e.type),
    ['round-started', 'client-finished', 'client-finished', 'aggregated', 'evaluated'],
    'only the largest and the smallest mover are kept',
  );
  const explanation = explainLatestRound(s);
  assert.ok(explanation);
  assert.equal(explanation.title, 'Round 2 of 10 — FedAvg');
  assert.match(explanation.lines[0], /^All 10 clients were sampled\./);
  assert.match(explanation.lines[0], /Client 7 moved the model most \(‖Δ‖ = 1\.90\), client 0 least \(1\.00\)\./);
  assert.match(explanation.lines[0], /Test accuracy: 75\.0% \(\+5\.0 points\)\.$/);
  // The next round in progress does not replace the last finished one.
  s = applyRunEvents(s, [started('fedavg', 3, [1, 2])]);
  assert.equal(explainLatestRound(s)?.title, 'Round 2 of 10 — FedAvg');
});

test('explainRound: clients that all moved the model equally far are not ranked', () => {
  const events = [started('a', 1, [0, 1, 2]), finished('a', 1, 2, 0.5), finished('a', 1, 0, 0.5), aggregated('a', 1, 3), evaluated('a', 1, 0.5)];
  assert.match(explainRound(events).lines[0], /All 3 clients that trained moved the model equally far \(‖Δ‖ = 0\.50\)\./);
});

test('explainLatestRound names the federations still training the round', () => {
  const fed = (id: string, label: string) => ({
    aggregatorId: id, label, strategy: 'FedAvg', rounds: 5, clients: 2, round: 1, sampled: 2, finished: 0, records: [],
    trainLoss: [], testLoss: [], accuracy: [], federatedAccuracy: [], bytesUp: [], bytesDown: [], clientLoss: {},
  });
  const state = {
    status: 'running' as const,
    federationOrder: ['a', 'b'],
    federations: { a: fed('a', 'FedAvg'), b: fed('b', 'Krum') },
    lastRoundEvents: { a: [started('a', 1, [0, 1]), aggregated('a', 1, 2), evaluated('a', 1, 0.5)] },
  };
  const e = explainLatestRound(state);
  assert.equal(e?.title, 'Round 1 of 5 — FedAvg');
  assert.equal(e?.lines.at(-1), 'Still training this round: Krum…');
  assert.equal(explainLatestRound({ ...state, status: 'finished' })?.lines.length, 1);
});

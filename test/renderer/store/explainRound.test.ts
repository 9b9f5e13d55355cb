import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RoundRecord, RunEvent } from '../../../engine/run/events.js';
import { explainLatestRound, explainRound, explanationGlossary, UPDATE_NORM_GLOSSARY } from '../../../renderer/src/store/explainRound.js';
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
    trainLoss: [], testLoss: [], accuracy: [], federatedAccuracy: [], bytesUp: [], bytesDown: [], epsilon: [], delta: 1e-5, clientLoss: {},
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

// Stragglers: simulated devices with a deadline (engine/run/poolClientProxy.ts words the timeouts).
const timedOut = (agg: string, round: number, clientId: number, finish = 18.2, deadline = 8): RunEvent => ({
  type: 'client-failed',
  aggregatorId: agg,
  round,
  clientId,
  clientNodeId: 'clients',
  code: 'late',
  message: `it would finish at ${finish} s of simulated time, after the round's ${deadline} s deadline`,
});
const partialWork = (agg: string, round: number, clientId: number, updateNorm: number, steps: number, of: number): RunEvent => ({
  ...(finished(agg, round, clientId, updateNorm) as Extract<RunEvent, { type: 'client-finished' }>),
  simulated: { download: 0.3, compute: steps / 4, upload: 1.6, finish: 7.95 },
  partial: { steps, of },
});
const timedRecord = (agg: string, round: number, seconds: number, clock: number, failures: RoundRecord['failures'] = []): RunEvent => ({
  type: 'evaluated',
  aggregatorId: agg,
  round,
  record: { ...record(agg, round, 0.5), simulatedSeconds: seconds, clock, ...(failures.length > 0 ? { failures } : {}) },
});

test('explainRound: says which clients were too slow for the deadline and sent nothing, and how long the round lasted', () => {
  const events = [
    started('drop', 2, [0, 1, 2, 3, 4, 5]),
    timedOut('drop', 2, 5),
    timedOut('drop', 2, 3),
    finished('drop', 2, 0, 1.2),
    finished('drop', 2, 1, 0.8),
    aggregated('drop', 2, 4),
    timedRecord('drop', 2, 8, 16),
  ];
  const { lines } = explainRound(events, { federations: { drop: { clients: 6, deadline: 8 } } });
  assert.match(lines[0], /2 clients \(3 and 5\) were too slow for the 8 s deadline and sent nothing\./);
  assert.match(lines[0], /The round lasted 8\.0 s of simulated time \(16 s since the run began\): the server waited until the deadline/);
  // Without the context's deadline, the stragglers' own message names it.
  assert.match(explainRound(events).lines[0], /too slow for the 8 s deadline/);
  // One straggler is named as one.
  const one = explainRound([started('a', 1, [0, 1]), timedOut('a', 1, 1, 30, 12.5), finished('a', 1, 0, 1), aggregated('a', 1, 1)]);
  assert.match(one.lines[0], /Client 1 was too slow for the 12\.5 s deadline and sent nothing\./);
});

test('explainRound: says who sent partial work, and how much of it', () => {
  const events = [
    started('partial', 1, [0, 1, 2, 3, 4]),
    partialWork('partial', 1, 3, 0.8, 24, 65),
    finished('partial', 1, 0, 0.9),
    partialWork('partial', 1, 5, 0.88, 24, 65),
    finished('partial', 1, 1, 0.7),
    aggregated('partial', 1, 5),
    timedRecord('partial', 1, 7.954, 7.954),
  ];
  const { lines } = explainRound(events, { federations: { partial: { deadline: 8 } } });
  assert.match(lines[0], /2 clients \(3 and 5\) were too slow for the 8 s deadline and sent partial work \(24 of 65 steps each\)\./);
  assert.match(lines[0], /The round lasted 8\.0 s of simulated time\./, 'the first round: its clock says nothing more');
  assert.doesNotMatch(lines[0], /waited until the deadline/, 'no straggler was waited for');
  // Different amounts: listed, up to three.
  const mixed = [1, 2, 3, 4].map((id) => partialWork('p', 1, id, 1, 8 + id, 25));
  assert.match(explainRound(mixed).lines[0], /4 clients \(1, 2, 3 and 4\) were too slow for the round's deadline and sent partial work \(9 of 25 steps, 10 of 25, 11 of 25, …\)\./);
});

test('explainRound: stragglers that sent nothing and partial work in one sentence', () => {
  const events = [
    started('a', 4, [0, 1, 2, 3, 4, 5, 6]),
    timedOut('a', 4, 6),
    timedOut('a', 4, 2),
    partialWork('a', 4, 1, 0.5, 12, 25),
    partialWork('a', 4, 4, 0.6, 18, 25),
    partialWork('a', 4, 5, 0.7, 20, 25),
    finished('a', 4, 0, 1),
    aggregated('a', 4, 5),
    timedRecord('a', 4, 8, 32, [
      { clientId: 2, clientNodeId: 'clients', code: 'late', message: "it would finish at 9.1 s of simulated time, after the round's 8 s deadline (not even one step fits)" },
      { clientId: 6, clientNodeId: 'clients', code: 'late', message: "it would finish at 9.1 s of simulated time, after the round's 8 s deadline (not even one step fits)" },
    ]),
  ];
  const { lines } = explainRound(events, { federations: { a: { deadline: 8 } } });
  assert.match(lines[0], /2 clients \(2 and 6\) were too slow for the 8 s deadline and sent nothing; 3 \(1, 4 and 5\) sent partial work \(12 of 25 steps, 18 of 25, 20 of 25\)\./);
  assert.match(lines[0], /\(32 s since the run began\)/);
});

test("explainRound: the straggler count comes from the round's record when not every failure event was kept", () => {
  const failures = Array.from({ length: 30 }, (_, i) => ({ clientId: i, clientNodeId: 'clients', code: 'late' as const, message: "it would finish at 20.0 s of simulated time, after the round's 8 s deadline" }));
  const events = [started('a', 1, failures.map((f) => f.clientId)), timedOut('a', 1, 0), aggregated('a', 1, 0), timedRecord('a', 1, 8, 8, failures)];
  assert.match(explainRound(events).lines[0], /30 clients were too slow for the 8 s deadline and sent nothing\./);
});

test('explainRound: failures other than stragglers are told apart, with their reason', () => {
  const failed = (clientId: number, code: 'crashed' | 'lost' | 'timeout', message: string): RunEvent => ({ type: 'client-failed', aggregatorId: 'a', round: 1, clientId, clientNodeId: 'clients', code, message });
  const one = explainRound([started('a', 1, [0, 1]), failed(1, 'crashed', 'its training threw: out of memory'), finished('a', 1, 0, 1), aggregated('a', 1, 1)]);
  assert.match(one.lines[0], /Client 1 crashed and sent nothing \(its training threw: out of memory\)\./);
  assert.doesNotMatch(one.lines[0], /too slow/);
  const several = explainRound([
    failed(1, 'crashed', 'boom'),
    failed(2, 'timeout', "it trained for more than 5 s, the round's time limit per client"),
    failed(3, 'lost', 'its worker exited'),
    aggregated('a', 1, 0),
  ]);
  assert.match(several.lines[0], /3 clients \(1, 2 and 3\) failed and sent nothing: 1 crashed, 1 timed out, 1 lost its worker\./);
  assert.doesNotMatch(several.lines[0], /too slow|deadline/, 'a real-time timeout is no straggler');
});

test('explainRound: a round without simulated devices says nothing of time or deadlines', () => {
  const text = explainRound(fedAvgRound(), fedAvgContext).lines[0];
  assert.doesNotMatch(text, /simulated|deadline|too slow|partial/);
});

test('run reducer keeps the failures and the partial work of a round, bounded, and explainLatestRound names the deadline', () => {
  const doc = mnistTemplate();
  const agg = doc.nodes.find((n) => n.id === 'fedavg')!;
  agg.params = { ...agg.params, deadline: 8, stragglers: 'partial' };
  const runStarted: RunEvent = {
    type: 'run-started',
    runId: 'r1',
    pipeline: 'MNIST',
    seed: 42,
    backend: 'wasm',
    workers: 2,
    federations: [
      { aggregatorId: 'fedavg', label: 'FedAvg', strategy: 'FedAvg', rounds: 3, clients: 100, groups: [{ clientNodeId: 'clients', splitId: 'split', clients: 100, behaviour: 'honest', speeds: Array(100).fill(4) }], weights: 100 },
    ],
    partitions: [],
  };
  const ids = Array.from({ length: 100 }, (_, i) => i);
  const round: RunEvent[] = [
    started('fedavg', 1, ids),
    // 40 stragglers that sent nothing, 40 that sent partial work, 20 that finished.
    ...ids.slice(0, 40).map((i) => timedOut('fedavg', 1, i)),
    ...ids.slice(40, 80).map((i) => partialWork('fedavg', 1, i, 0.5 + i / 1000, 12, 25)),
    ...ids.slice(80).map((i) => finished('fedavg', 1, i, 1 + i / 1000)),
    aggregated('fedavg', 1, 60),
    timedRecord('fedavg', 1, 8, 8, ids.slice(0, 40).map((i) => ({ clientId: i, clientNodeId: 'clients', code: 'late' as const, message: "it would finish at 18.2 s of simulated time, after the round's 8 s deadline" }))),
  ];
  const s = applyRunEvents(beginRun(doc, 'tab-1'), [runStarted, ...round]);
  const kept = s.lastRoundEvents.fedavg;
  const count = (type: RunEvent['type']) => kept.filter((e) => e.type === type).length;
  assert.equal(count('client-failed'), 20, 'failures are kept like the dropouts: 20');
  const finishedKept = kept.filter((e): e is Extract<RunEvent, { type: 'client-finished' }> => e.type === 'client-finished');
  assert.equal(finishedKept.filter((e) => e.partial).length, 20, 'the first 20 partial ones');
  assert.equal(finishedKept.length, 21, 'and the largest mover (the smallest is a partial one)');
  assert.ok(kept.length <= 45, `a round keeps a few events, whatever the clients: ${kept.length}`);
  const explanation = explainLatestRound(s);
  assert.ok(explanation);
  assert.match(
    explanation.lines[0],
    /40 clients were too slow for the 8 s deadline and sent nothing; at least 20 sent partial work \(12 of 25 steps each\)\./,
  );
  assert.match(explanation.lines[0], /Client 99 moved the model most \(‖Δ‖ = 1\.10\), client 40 least \(0\.54\)\./);
  assert.match(explanation.lines[0], /The round lasted 8\.0 s of simulated time: the server waited until the deadline/);
});

test('explainRound: the round record\'s count of partial updates makes the number exact beyond the events given', () => {
  const base = timedRecord('fedavg', 1, 8, 8);
  const withCount: RunEvent = base.type === 'evaluated' ? { ...base, record: { ...base.record, partial: 40 } } : base;
  // Only 3 of the 40 partial updates are among the events, as when the run state keeps a bounded sample.
  const events = [started('fedavg', 1, [0, 1, 2, 3]), ...[0, 1, 2].map((i) => partialWork('fedavg', 1, i, 0.5, 12, 25)), aggregated('fedavg', 1, 40), withCount];
  const { lines } = explainRound(events, { federations: { fedavg: { clients: 40, deadline: 8 } } });
  assert.match(lines[0], /40 clients were too slow for the 8 s deadline and sent partial work \(12 of 25 steps each\)\./);
  assert.doesNotMatch(lines[0], /at least/);
});

test('an explanation that speaks of ‖Δ‖ says what it is; one that does not, does not', () => {
  const uses = { title: 'Round 1', lines: ['Client 7 moved the model most (‖Δ‖ = 1.92), client 2 least (0.31).'] };
  assert.deepEqual(explanationGlossary(uses), [UPDATE_NORM_GLOSSARY]);
  assert.match(UPDATE_NORM_GLOSSARY, /‖w_client − w_global‖/);
  assert.deepEqual(explanationGlossary({ title: 'Round 1', lines: ['All 10 clients dropped out.'] }), []);
});

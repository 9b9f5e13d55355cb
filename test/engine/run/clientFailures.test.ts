/**
 * Clients fail, the federation goes on: real faults committed in worker threads (an exception, a thread
 * that exits, a hang past the time limit) through the executor's test-only injection point.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunEvent, RunSummary } from '../../../engine/run/events.js';
import { METRICS_COLUMNS, metricsCsv } from '../../../engine/run/metricsCsv.js';
import { runPipeline, startRun } from '../../../engine/run/run.js';
import type { FaultInjector } from '../../../engine/run/poolClientProxy.js';
import { federation } from './pipelines.js';

const tenClients = (client: Record<string, unknown> = {}, aggregator: Record<string, unknown> = {}) =>
  federation({
    dataset: { source: 'mnist', trainSize: 1000, testSize: 200 },
    split: { method: 'iid', numClients: 10 },
    model: { arch: 'mlp', hidden: [16] },
    clients: [{ learningRate: 0.05, ...client }],
    aggregator: { strategy: 'FedAvg', rounds: 2, ...aggregator },
  });

/** Client 3 throws while training; client 7's worker thread exits under it. Every round. */
const twoFaults: FaultInjector = ({ clientId }) => (clientId === 3 ? 'throw' : clientId === 7 ? 'exit' : undefined);

type Failed = Extract<RunEvent, { type: 'client-failed' }>;

describe('client failures', () => {
  it('a round with 2 of 10 clients failing in different ways aggregates the other 8 and reports both with reasons', async () => {
    const events: RunEvent[] = [];
    const summary = await runPipeline(tenClients(), { baseDir: '.', workers: 2, backend: 'wasm', faults: twoFaults }, (e) => events.push(e));

    const records = summary.federations[0].history;
    assert.deepEqual(records.map((r) => r.round), [1, 2], 'every round finished');
    for (const r of records) {
      assert.equal(r.participants, 8, `round ${r.round} aggregated 8 updates`);
      assert.deepEqual(r.failures?.map((f) => [f.clientId, f.code]), [[3, 'crashed'], [7, 'lost']]);
    }
    const failed = events.filter((e): e is Failed => e.type === 'client-failed');
    assert.equal(failed.length, 4, 'two failures in each of two rounds');
    const thrown = failed.find((e) => e.clientId === 3)!;
    assert.equal(thrown.code, 'crashed');
    assert.match(thrown.message, /raised an error: injected fault/);
    const lost = failed.find((e) => e.clientId === 7)!;
    assert.equal(lost.code, 'lost');
    assert.match(lost.message, /worker thread stopped \(exit code 1\)/);
    assert.ok(events.some((e) => e.type === 'aggregated' && e.failed === 2));
  });

  it('the 8 survivors give exactly the model the same 8 clients give alone', async () => {
    const run = (doc: ReturnType<typeof tenClients>, faults?: FaultInjector): Promise<RunSummary> =>
      runPipeline(doc, { baseDir: '.', workers: 2, backend: 'wasm', ...(faults ? { faults } : {}) });
    const withFaults = await run(tenClients(), twoFaults);
    const without = await run(tenClients({ clients: '0-2,4-6,8-9' }));
    const scores = (s: RunSummary) => s.federations[0].history.map((r) => [r.trainLoss, r.test?.loss, r.test?.accuracy]);
    assert.deepEqual(scores(withFaults), scores(without));
  });

  it('with acceptFailures off the run stops, naming each failed client and its reason', async () => {
    const events: RunEvent[] = [];
    const run = startRun(tenClients({}, { acceptFailures: false }), { baseDir: '.', workers: 2, backend: 'wasm', faults: twoFaults });
    run.on((e) => events.push(e));
    await assert.rejects(run.done, /acceptFailures is off/);
    const failed = events.find((e): e is Extract<RunEvent, { type: 'failed' }> => e.type === 'failed');
    assert.ok(failed, 'a failed event');
    assert.equal(failed.nodeId, 'agg');
    assert.equal(failed.field, 'params.acceptFailures');
    assert.match(failed.message, /Round 1 stopped: 2 clients failed/);
    assert.match(failed.message, /client 3 \(clients0\) crashed: its training raised an error/);
    assert.match(failed.message, /client 7 \(clients0\) lost: its worker thread stopped/);
    assert.equal(failed.problems?.length, 1);
    assert.ok(!events.some((e) => e.type === 'evaluated'), 'no round was recorded');
  });

  it('a client that trains past the time limit fails with timeout, and its thread is replaced', async () => {
    const events: RunEvent[] = [];
    const hang: FaultInjector = ({ clientId, round }) => (clientId === 0 && round === 1 ? 'hang' : undefined);
    const doc = federation({
      dataset: { source: 'mnist', trainSize: 300, testSize: 100 },
      split: { method: 'iid', numClients: 3 },
      model: { arch: 'mlp', hidden: [8] },
      aggregator: { strategy: 'FedAvg', rounds: 2, clientTimeout: 4 },
    });
    const summary = await runPipeline(doc, { baseDir: '.', workers: 1, backend: 'wasm', faults: hang }, (e) => events.push(e));
    const [first, second] = summary.federations[0].history;
    assert.deepEqual(first.failures?.map((f) => [f.clientId, f.code]), [[0, 'timeout']]);
    assert.match(first.failures![0].message, /more than 4 s/);
    assert.equal(first.participants, 2);
    // With one worker, round 2 could only train on the thread that replaced the terminated one.
    assert.equal(second.participants, 3);
    assert.equal(second.failures, undefined);
  });
});

describe('client failures in the metrics file', () => {
  it('metrics.csv counts each round\'s failed clients in its failed column (after the first release\'s columns)', async () => {
    const summary = await runPipeline(tenClients({}, { rounds: 1 }), { baseDir: '.', workers: 2, backend: 'wasm', faults: twoFaults });
    const [header, row] = metricsCsv(summary).trim().split('\n');
    assert.equal(header, METRICS_COLUMNS.join(','));
    const column = header.split(',').indexOf('failed');
    assert.equal(column, header.split(',').indexOf('ms') + 1);
    assert.equal(row.split(',')[column], '2');
  });
});

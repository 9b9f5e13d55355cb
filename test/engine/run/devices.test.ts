/** Devices that differ, in real runs: deadlines and partial work, over-selection, availability traces, determinism. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { RunEvent } from '../../../engine/run/events.js';
import { runPipeline } from '../../../engine/run/run.js';
import { federation } from './pipelines.js';

type Finished = Extract<RunEvent, { type: 'client-finished' }>;
type Failed = Extract<RunEvent, { type: 'client-failed' }>;

/** 10 clients of 100 rows, batches of 10: 10 steps a round. σ = 0: every device at 10 steps/s, links all but instant. */
const timed = (client: Record<string, unknown> = {}, aggregator: Record<string, unknown> = {}) =>
  federation({
    dataset: { source: 'mnist', trainSize: 1000, testSize: 200 },
    split: { method: 'iid', numClients: 10 },
    model: { arch: 'mlp', hidden: [8] },
    clients: [{ batchSize: 10, learningRate: 0.05, devices: 'lognormal', stepsPerSecond: 10, uplinkMbps: 1e5, downlinkMbps: 1e5, deviceSigma: 0, ...client }],
    aggregator: { strategy: 'FedAvg', rounds: 1, ...aggregator },
  });

async function run(doc: ReturnType<typeof timed>, workers = 2, baseDir = '.') {
  const events: RunEvent[] = [];
  const summary = await runPipeline(doc, { baseDir, workers, backend: 'wasm' }, (e) => events.push(e));
  return { summary, events, record: summary.federations[0].history[0] };
}

describe('devices and time', () => {
  it('every client\'s round is its steps at its speed, and the round lasts until the last answer', async () => {
    const { events, record } = await run(timed());
    const finished = events.filter((e): e is Finished => e.type === 'client-finished');
    assert.equal(finished.length, 10);
    for (const f of finished) assert.ok(Math.abs(f.simulated!.compute - 1) < 1e-12, '10 steps at 10 steps/s');
    assert.ok(record.simulatedSeconds! > 1 && record.simulatedSeconds! < 1.001);
    assert.equal(record.clock, record.simulatedSeconds);
  });

  it('a deadline with partial work cuts exactly the steps that do not fit; the clients send what they did', async () => {
    // 0.55 s leaves time for 5 of the 10 steps.
    const { events, record } = await run(timed({}, { deadline: 0.55, stragglers: 'partial' }));
    const finished = events.filter((e): e is Finished => e.type === 'client-finished');
    assert.equal(finished.length, 10);
    for (const f of finished) assert.deepEqual(f.partial, { steps: 5, of: 10 });
    assert.equal(record.participants, 10);
    assert.equal(record.partial, 10);
    assert.ok(record.simulatedSeconds! <= 0.55);
  });

  it('a deadline without partial work drops the stragglers before they train, and the round waits until the deadline', async () => {
    const { events, record } = await run(timed({}, { deadline: 0.55 }));
    const failed = events.filter((e): e is Failed => e.type === 'client-failed');
    assert.equal(failed.length, 10);
    assert.ok(failed.every((f) => f.code === 'late'));
    assert.match(failed[0].message, /would finish at 1\.0 s of simulated time, after the round's 0\.55 s deadline/);
    assert.equal(record.participants, 0);
    assert.equal(record.simulatedSeconds, 0.55);
  });

  it('over-selection asks more clients and keeps the first K to finish', async () => {
    // Half of 10 are needed; 40% more are asked (7); σ = 1 makes their speeds differ.
    const { events, record } = await run(timed({ fraction: 0.5, overSelection: 0.4, deviceSigma: 1 }));
    const started = events.find((e) => e.type === 'round-started');
    assert.ok(started?.type === 'round-started');
    assert.equal(started.sampled.length, 7);
    assert.equal(record.participants, 5);
    assert.equal(record.dropped, 2);
    // The 2 late answers are reported as dropped out, not as finished.
    assert.equal(events.filter((e) => e.type === 'client-finished').length, 5);
    assert.equal(events.filter((e) => e.type === 'client-dropped').length, 2);
    const finish = new Map(events.filter((e): e is Finished => e.type === 'client-finished').map((e) => [e.clientId, e.simulated!.finish]));
    const order = [...finish.entries()].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
    // The round ends with the 5th answer, not the 7th.
    assert.equal(record.simulatedSeconds, order[4][1]);
  });

  it('a client that the availability trace has offline is never sampled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fedflow-trace-'));
    // Clients 0 and 1 are online only from 1,000,000 s on: never in these rounds.
    writeFileSync(join(dir, 'trace.csv'), 'client,from,until\n0,1000000,2000000\n1,1000000,2000000\n2,0,2000000\n');
    const doc = timed({ availability: 'trace.csv' }, { rounds: 2 });
    const { events } = await run(doc, 2, dir);
    for (const e of events) if (e.type === 'round-started') assert.deepEqual(e.sampled, [2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('a trace that is missing or malformed stops the run with the client node, the field and the line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fedflow-trace-'));
    writeFileSync(join(dir, 'bad.csv'), 'client,from,until\n0,5,1\n');
    await assert.rejects(run(timed({ availability: 'bad.csv' }), 1, dir), (e: Error & { problems?: { nodeId?: string; field?: string }[] }) => {
      assert.match(e.message, /bad\.csv, line 2: until \(1\) must come after from \(5\)/);
      assert.equal(e.problems?.[0].nodeId, 'clients0');
      assert.equal(e.problems?.[0].field, 'params.availability');
      return true;
    });
    await assert.rejects(run(timed({ availability: 'none.csv' }), 1, dir), /no availability trace at none\.csv/);
  });

  it('phones, a deadline with partial work and over-selection give the same numbers with 1 and 2 workers', async () => {
    const doc = timed({ devices: 'phones', fraction: 0.5, overSelection: 0.4, localEpochs: 2 }, { deadline: 1.5, stragglers: 'partial', rounds: 3 });
    const numbers = async (workers: number) => (await run(doc, workers)).summary.federations[0].history.map(({ ms: _ms, ...rest }) => rest);
    const one = await numbers(1);
    assert.deepEqual(await numbers(2), one);
    assert.ok(one.every((r) => r.clock !== undefined));
  });
});

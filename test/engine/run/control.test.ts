/** A run's event stream and its controls: pause, step one round, resume, cancel. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunEvent } from '../../../engine/run/events.js';
import { RunCancelled, startRun } from '../../../engine/run/run.js';
import { PipelineError } from '../../../engine/format/problems.js';
import { federation } from './pipelines.js';

const small = (rounds: number) =>
  federation({
    dataset: { source: 'mnist', trainSize: 400, testSize: 100 },
    split: { method: 'iid', numClients: 4 },
    clients: [{ batchSize: 32 }],
    aggregator: { strategy: 'FedAvg', rounds },
  });

const options = { baseDir: '.', workers: 2, backend: 'wasm' as const };
const nextEvent = (run: ReturnType<typeof startRun>, type: RunEvent['type']) =>
  new Promise<RunEvent>((resolve) => {
    const off = run.on((e) => {
      if (e.type === type) {
        off();
        resolve(e);
      }
    });
  });

describe('run events and controls', () => {
  it('reports the run, each round, each client, aggregation and evaluation in order', async () => {
    const run = startRun(small(2), options);
    const events: RunEvent[] = [];
    run.on((e) => events.push(e));
    await run.done;
    const types = events.map((e) => e.type);
    assert.equal(types[0], 'run-started');
    assert.equal(types.at(-1), 'finished');
    const started = events[0] as Extract<RunEvent, { type: 'run-started' }>;
    assert.equal(started.backend, 'wasm');
    assert.equal(started.partitions[0].labelCounts.length, 4);
    for (const round of [1, 2]) {
      const inRound = events.filter((e) => 'round' in e && e.round === round && e.type !== 'paused' && e.type !== 'resumed');
      assert.equal(inRound[0].type, 'round-started');
      assert.equal(inRound.filter((e) => e.type === 'client-finished').length, 4);
      assert.deepEqual(inRound.slice(-2).map((e) => e.type), ['aggregated', 'evaluated']);
    }
    const finished = events.find((e) => e.type === 'client-finished') as Extract<RunEvent, { type: 'client-finished' }>;
    assert.ok(finished.bytesUp > 0 && finished.examples === 100 && finished.updateNorm > 0);
  });

  it('started paused, it runs exactly one round per step', async () => {
    const run = startRun(small(3), { ...options, startPaused: true });
    const rounds: number[] = [];
    run.on((e) => e.type === 'evaluated' && rounds.push(e.round));
    run.step();
    await nextEvent(run, 'evaluated');
    // Give the coordinator time to (wrongly) start another round.
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(rounds, [1]);
    run.step();
    await nextEvent(run, 'evaluated');
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(rounds, [1, 2]);
    run.resume();
    const summary = await run.done;
    assert.deepEqual(rounds, [1, 2, 3]);
    assert.equal(summary.federations[0].history.length, 3);
  });

  it('cancelling stops the run with a cancelled event and no further rounds', async () => {
    const run = startRun(small(50), options);
    const events: RunEvent[] = [];
    run.on((e) => events.push(e));
    await nextEvent(run, 'evaluated');
    run.cancel();
    await assert.rejects(run.done, RunCancelled);
    assert.equal(events.at(-1)?.type, 'cancelled');
    assert.ok(events.filter((e) => e.type === 'evaluated').length < 50);
  });

  it('an impossible split fails before training, naming the split node and field', async () => {
    const doc = federation({
      dataset: { source: 'mnist', trainSize: 200, testSize: 50 },
      split: { method: 'dirichlet', numClients: 20, alpha: 0.01, minPartitionSize: 9 },
    });
    const run = startRun(doc, options);
    const events: RunEvent[] = [];
    run.on((e) => events.push(e));
    await assert.rejects(run.done, (e: unknown) => {
      assert.ok(e instanceof PipelineError);
      assert.equal(e.problems[0].nodeId, 'split');
      assert.equal(e.problems[0].field, 'params.minPartitionSize');
      return true;
    });
    assert.deepEqual(events.map((e) => e.type), ['failed']);
  });

  it('a CSV that is not there fails naming the dataset node and its path field', async () => {
    const doc = federation({ dataset: { source: 'csv', path: 'nowhere.csv', labelColumn: 'y' }, split: { method: 'iid', numClients: 2 } });
    await assert.rejects(startRun(doc, options).done, (e: unknown) => {
      assert.ok(e instanceof PipelineError);
      assert.equal(e.problems[0].nodeId, 'data');
      assert.equal(e.problems[0].field, 'params.path');
      return true;
    });
  });
});

/** Exporting a run from the workbench: the summary rebuilt from the run state, as JSON and as the engine's CSV. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { metricsCsv, METRICS_COLUMNS } from '../../../engine/run/metricsCsv.js';
import type { RoundRecord } from '../../../engine/run/events.js';
import { exportStem, summaryFromRunState } from '../../../renderer/src/store/runExport.js';
import { applyRunEvents } from '../../../renderer/src/store/runReducer.js';
import { idleRunState } from '../../../renderer/src/store/runState.js';

const record = (round: number, accuracy: number): RoundRecord => ({
  aggregatorId: 'agg',
  round,
  participants: 2,
  dropped: 0,
  trainLoss: 1 / round,
  bytesUp: 10,
  bytesDown: 10,
  ms: 5,
  test: { examples: 10, loss: 0.5 / round, accuracy, perClassAccuracy: [], confusion: [] },
});

describe('run export', () => {
  test('nothing to export before a run', () => {
    assert.equal(summaryFromRunState(idleRunState()), null);
  });

  test('rebuilds the summary with every round and the final figures, and its CSV', () => {
    const state = applyRunEvents(idleRunState(), [
      {
        type: 'run-started',
        runId: 'r1',
        pipeline: 'P',
        seed: 7,
        backend: 'wasm',
        workers: 2,
        federations: [{ aggregatorId: 'agg', label: 'FedAvg', strategy: 'FedAvg', rounds: 2, clients: 2, groups: [], weights: 10 }],
        partitions: [],
      },
      { type: 'evaluated', aggregatorId: 'agg', round: 1, record: record(1, 0.6) },
      { type: 'evaluated', aggregatorId: 'agg', round: 2, record: record(2, 0.8) },
    ]);
    const summary = summaryFromRunState(state)!;
    assert.equal(summary.runId, 'r1');
    assert.equal(summary.backend, 'wasm');
    assert.equal(summary.federations.length, 1);
    assert.deepEqual(summary.federations[0].history.map((r) => r.round), [1, 2]);
    assert.deepEqual(summary.federations[0].final, { accuracy: 0.8, loss: 0.25, trainLoss: 0.5 });
    // Its traffic, as the engine's summary.json has it: the rounds' bytes summed (10 up and 10 down a round).
    assert.deepEqual(summary.federations[0].traffic, { bytesUp: 20, bytesDown: 20 });
    const csv = metricsCsv(summary).trim().split('\n');
    assert.equal(csv[0], METRICS_COLUMNS.join(','));
    assert.equal(csv.length, 3);
    assert.match(csv[2], /^agg,FedAvg,2,2,0,0\.50*,0\.250*,0\.80*,/);
  });

  test('file names from pipeline names', () => {
    assert.equal(exportStem('MNIST with FedAvg'), 'mnist-with-fedavg');
    assert.equal(exportStem('../<x>'), 'x');
    assert.equal(exportStem(''), 'pipeline');
  });
});

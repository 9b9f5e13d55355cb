import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunEvent } from '../../../engine/run/events.js';
import { applyRunEvents, beginRun } from '../../../renderer/src/store/runReducer.js';
import { mnistTemplate } from './fixtures.js';

test('warnings that come with run-started (rows left out for missing values) are lines in Output', () => {
  const started: RunEvent = {
    type: 'run-started',
    runId: 'r1',
    pipeline: 'CSV',
    seed: 1,
    backend: 'wasm',
    workers: 1,
    federations: [],
    partitions: [],
    warnings: [{ severity: 'warning', nodeId: 'mnist', field: 'params.missing', message: "dataset 'mnist': gaps.csv: left out 4 rows of 20 with missing values (4 missing cells)." }],
  };
  const s = applyRunEvents(beginRun(mnistTemplate(), 'tab-1'), [started]);
  assert.deepEqual(s.log.at(-1), {
    level: 'warning',
    text: "warning node mnist params.missing: dataset 'mnist': gaps.csv: left out 4 rows of 20 with missing values (4 missing cells).",
  });
});

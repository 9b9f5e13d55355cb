/** What loading did to the data (rows left out, values filled in) reaches the user as warnings when the run starts. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunEvent } from '../../../engine/run/events.js';
import { RunCancelled, startRun } from '../../../engine/run/run.js';
import { federation } from './pipelines.js';

test("a CSV's rows left out for missing values are named in run-started's warnings, on the dataset node", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fedflow-notes-'));
  try {
    const lines = ['a,b,label'];
    for (let i = 0; i < 20; i++) lines.push(i % 5 === 0 ? `${i},NA,${i % 2}` : `${i},${i * 2},${i % 2}`);
    writeFileSync(join(dir, 'gaps.csv'), lines.join('\n'));
    const doc = federation({
      dataset: { source: 'csv', path: 'gaps.csv', labelColumn: 'label', missing: 'drop' },
      split: { method: 'iid', numClients: 2 },
      model: { arch: 'logistic' },
    });
    const run = startRun(doc, { baseDir: dir, workers: 1, backend: 'wasm', startPaused: true });
    const started = await new Promise<RunEvent>((resolve) => run.on((e) => e.type === 'run-started' && resolve(e)));
    run.cancel();
    await assert.rejects(run.done, RunCancelled);
    assert.equal(started.type, 'run-started');
    assert.deepEqual(started.type === 'run-started' && started.warnings, [
      {
        severity: 'warning',
        nodeId: 'data',
        field: 'params.missing',
        message: "dataset 'data': gaps.csv: left out 4 rows of 20 with missing values (4 missing cells).",
      },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * A run's results replace an earlier run's in the same folder through the engine's one atomic write:
 * model.json, weights.bin, metrics, summary and `fedflow run`'s report.html, and the temporary files a
 * killed earlier save left behind are gone after the next save.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCommand } from '../../../engine/cli/runCommand.js';
import { tempNameFor, tempWriterPid } from '../../../engine/fs/atomicWrite.js';
import { federation } from './pipelines.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedflow-results-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A pid no process has any more: a child that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

const RESULT_FILES = ['metrics.csv', 'metrics.json', 'summary.json', 'report.html', 'models/agg/model.json', 'models/agg/weights.bin'];

describe('saving results over an earlier run killed while saving', () => {
  it('replaces every result file and removes the temporary files the killed save left', async () => {
    const file = join(dir, 'tiny.fedflow.json');
    const doc = federation({
      dataset: { source: 'mnist', trainSize: 200, testSize: 50 },
      split: { method: 'iid', numClients: 2 },
      model: { arch: 'logistic' },
      aggregator: { strategy: 'FedAvg', rounds: 1 },
    });
    writeFileSync(file, JSON.stringify(doc));
    const outDir = join(dir, 'out');
    mkdirSync(join(outDir, 'models', 'agg'), { recursive: true });
    // What a save killed half-way leaves: the old files, and its temporary files beside them.
    const killed = await deadPid();
    const leftovers = RESULT_FILES.map((f) => tempNameFor(join(outDir, f), killed));
    for (const f of RESULT_FILES) writeFileSync(join(outDir, f), 'old');
    for (const t of leftovers) writeFileSync(t, 'half');

    const errors: string[] = [];
    const code = await runCommand({ command: 'run', file, out: outDir, workers: 1, backend: 'wasm', json: true, retryDownload: false, scriptArgs: [], debug: false }, () => undefined, (l) => errors.push(l));
    assert.equal(code, 0, errors.join('\n'));

    for (const f of RESULT_FILES) assert.notEqual(readFileSync(join(outDir, f), 'utf8'), 'old', `${f} was replaced`);
    assert.match(readFileSync(join(outDir, 'report.html'), 'utf8'), /^<!DOCTYPE html>/);
    const temps = [outDir, join(outDir, 'models', 'agg')].flatMap((d) => readdirSync(d).filter((n) => tempWriterPid(n) !== null || n.endsWith('.tmp')));
    assert.deepEqual(temps, []);
  });
});

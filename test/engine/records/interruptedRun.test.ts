/**
 * A run killed with SIGKILL mid-run cannot mark itself ended: its manifest still says `running`. The store
 * lists it as interrupted (its process is gone) with the rounds it completed, read from its event log.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { readManifest } from '../../../engine/records/manifest.js';
import { listRuns, readRun } from '../../../engine/records/runStore.js';
import type { RoundRecord, RunEvent } from '../../../engine/run/events.js';
import { fedflow, ROOT } from '../../helpers/spawnNode.js';
import { tinyPipeline } from './tinyPipeline.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedflow-killed-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `fedflow run --json`, waits for round `round`'s evaluation on its stdout, SIGKILLs it, and waits for it to be gone. */
async function killAfterRound(file: string, runsDir: string, round: number): Promise<{ runId: string; printed: RoundRecord[] }> {
  const child = spawn(process.execPath, ['bin/fedflow.js', 'run', file, '--json', '--runs-dir', runsDir, '--workers', '1', '--backend', 'wasm'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let runId = '';
  const printed: RoundRecord[] = [];
  for await (const text of createInterface({ input: child.stdout })) {
    const event = JSON.parse(text) as RunEvent;
    if (event.type === 'run-started') runId = event.runId;
    if (event.type === 'evaluated') printed.push(event.record);
    if (event.type === 'evaluated' && event.round === round) {
      child.kill('SIGKILL');
      break;
    }
    assert.notEqual(event.type, 'finished', 'the run ended before it could be killed');
  }
  await exited;
  return { runId, printed };
}

describe('a run killed with SIGKILL', () => {
  it('is listed as interrupted, with the rounds it completed', async () => {
    const file = join(dir, 'long.fedflow.json');
    writeFileSync(file, JSON.stringify(tinyPipeline({ rounds: 1000 })));
    const runsDir = join(dir, 'runs');
    const { runId, printed } = await killAfterRound(file, runsDir, 2);

    const manifest = await readManifest(join(runsDir, runId));
    assert.ok(manifest.ok);
    assert.equal(manifest.manifest.status, 'running', 'a killed run cannot write its end');

    const { runs } = await listRuns(runsDir);
    assert.equal(runs.length, 1);
    const [run] = runs;
    assert.equal(run.id, runId);
    assert.equal(run.status, 'interrupted');
    const [fed] = run.federations;
    assert.equal(fed.rounds, 1000);
    assert.ok(fed.roundsDone >= 2 && fed.roundsDone < 1000, `rounds done: ${fed.roundsDone}`);

    const details = await readRun(runsDir, runId);
    // Every round the CLI printed before the kill is in the log, exactly as printed.
    assert.deepEqual(details.history.agg.slice(0, printed.length), printed);
    assert.equal(fed.accuracy, details.history.agg.at(-1)!.test!.accuracy);

    const cli = await fedflow('runs', 'list', '--runs-dir', runsDir, '--json');
    assert.equal(cli.code, 0, cli.stderr);
    const listed = JSON.parse(cli.stdout) as { runs: { id: string; status: string }[] };
    assert.deepEqual(listed.runs.map((r) => [r.id, r.status]), [[runId, 'interrupted']]);
  });
});

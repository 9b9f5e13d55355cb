/** `fedflow runs list|show|compare|export|delete`, run as a user runs them, over runs `fedflow run` stored. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunComparison } from '../../../engine/records/compareRuns.js';
import type { RunDetails, RunListing } from '../../../engine/records/runStore.js';
import { fedflow } from '../../helpers/spawnNode.js';
import { tinyPipeline } from '../records/tinyPipeline.js';

let dir: string;
let runsDir: string;
/** The two runs' ids: numClients 2 (seed 11), then numClients 3 (seed 12). */
const ids: string[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fedflow-runs-cli-'));
  runsDir = join(dir, 'store');
  for (const [clients, seed] of [
    [2, 11],
    [3, 12],
  ]) {
    const file = join(dir, `clients-${clients}.fedflow.json`);
    writeFileSync(file, JSON.stringify(tinyPipeline({ rounds: 2, split: { method: 'iid', numClients: clients } })));
    const r = await fedflow('run', file, '--runs-dir', runsDir, '--seed', String(seed), '--workers', '1', '--backend', 'wasm', '--json');
    assert.equal(r.code, 0, r.stderr);
    const started = JSON.parse(r.stdout.split('\n')[0]) as { type: string; runId: string };
    ids.push(started.runId);
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

const json = async <T>(...args: string[]): Promise<T> => {
  const r = await fedflow('runs', ...args, '--runs-dir', runsDir, '--json');
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as T;
};

describe('fedflow run stores its run', () => {
  it('in a folder of its own under --runs-dir, named by the run id', () => {
    assert.equal(ids.length, 2);
    assert.notEqual(ids[0], ids[1]);
    for (const id of ids) {
      assert.match(id, /^clients-[23]-\d{8}-\d{6}-[0-9a-f]{6}$/);
      for (const f of ['manifest.json', 'events.jsonl', 'metrics.csv', 'report.html']) assert.ok(existsSync(join(runsDir, id, f)), `${id}/${f}`);
    }
  });
});

describe('fedflow runs', () => {
  it('list --json gives every run with status, rounds, accuracy and duration', async () => {
    const { runs } = await json<{ runs: RunListing[] }>('list');
    assert.deepEqual(runs.map((r) => r.id).sort(), [...ids].sort());
    for (const r of runs) {
      assert.equal(r.status, 'finished');
      assert.deepEqual(r.federations.map((f) => [f.roundsDone, f.rounds]), [[2, 2]]);
      assert.equal(typeof r.federations[0].accuracy, 'number');
      assert.ok(r.durationMs > 0);
    }
    const filtered = await json<{ runs: RunListing[] }>('list', '--name', 'clients-3');
    assert.deepEqual(filtered.runs.map((r) => r.id), [ids[1]]);
  });

  it('list prints a table a person reads', async () => {
    const r = await fedflow('runs', 'list', '--runs-dir', runsDir);
    assert.equal(r.code, 0, r.stderr);
    const [head, ...rows] = r.stdout.trim().split('\n');
    assert.match(head, /^ID +NAME +STARTED +STATUS +ROUNDS +ACCURACY +ε +DURATION$/);
    assert.equal(rows.length, 2);
    assert.ok(rows.every((row) => / finished +2\/2 +\d+\.\d\d% +— +\d/.test(row)), rows.join('\n'));
  });

  it('show --json gives the manifest, with the document as run, and the rounds', async () => {
    const run = await json<RunDetails>('show', ids[0].slice(0, -3));
    assert.equal(run.id, ids[0]);
    assert.equal(run.manifest.document.seed, 11);
    assert.equal(run.manifest.seed, 11);
    assert.equal(run.history.agg.length, 2);
    assert.equal(run.federations[0].accuracy, run.history.agg[1].test!.accuracy);
  });

  it('compare --json gives both runs final figures and the settings that differ', async () => {
    const c = await json<RunComparison>('compare', ...ids);
    assert.deepEqual(c.runs.map((r) => r.id), ids);
    assert.deepEqual(c.differences, [
      { path: 'seed', values: [11, 12] },
      { nodeId: 'split', path: 'params.numClients', values: [2, 3] },
    ]);
  });

  it('compare prints the figures and the differing settings', async () => {
    const r = await fedflow('runs', 'compare', ...ids, '--runs-dir', runsDir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Settings that differ:\n {2}seed: 11 \| 12\n {2}split params\.numClients: 2 \| 3\n/);
  });

  it('export writes the runs rounds as one CSV', async () => {
    const r = await fedflow('runs', 'export', ...ids, '--csv', '--runs-dir', runsDir);
    assert.equal(r.code, 0, r.stderr);
    const [head, ...rows] = r.stdout.trim().split('\n');
    assert.match(head, /^run_id,pipeline,status,seed,aggregator,strategy,round,/);
    assert.deepEqual(rows.map((row) => row.split(',').slice(0, 7).join(',')), [
      `${ids[0]},test,finished,11,agg,FedAvg,1`,
      `${ids[0]},test,finished,11,agg,FedAvg,2`,
      `${ids[1]},test,finished,12,agg,FedAvg,1`,
      `${ids[1]},test,finished,12,agg,FedAvg,2`,
    ]);
  });

  it('says which run is not there, with the nearest id, and exits 2', async () => {
    const typo = `${ids[0].slice(0, -1)}${ids[0].endsWith('x') ? 'y' : 'x'}`;
    const r = await fedflow('runs', 'show', typo, '--runs-dir', runsDir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`^fedflow: There is no run '${typo}' in .* \\(did you mean ${ids[0]}\\?\\)\\.`));
    const bad = await fedflow('runs', 'shwo', '--runs-dir', runsDir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /fedflow runs has no 'shwo' \(did you mean show\?\)/);
    const status = await fedflow('runs', 'list', '--status', 'finshed', '--runs-dir', runsDir);
    assert.equal(status.code, 2);
    assert.match(status.stderr, /--status must be one of running, finished, failed, cancelled, interrupted \(got 'finshed'\); did you mean finished\?/);
  });

  it('delete --json removes the run folder, and list no longer has it', async () => {
    const r = await json<{ deleted: string[] }>('delete', ids[0]);
    assert.deepEqual(r.deleted, [ids[0]]);
    assert.ok(!existsSync(join(runsDir, ids[0])));
    const { runs } = await json<{ runs: RunListing[] }>('list');
    assert.deepEqual(runs.map((x) => x.id), [ids[1]]);
  });
});

/** Sweeps from the workbench over the host: a grid of stored runs and its table, and hostile requests refused. */
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SweepProgress } from '../../../engine/host/hostApi.js';
import { createNodeHost, type NodeHost } from '../../../engine/host/nodeHost.js';
import { HostError } from '../../../engine/host/hostError.js';
import { makeHostDirs, tinyPipelineText, type HostDirs } from './fixtures.js';

let dirs: HostDirs;
let host: NodeHost;
const text = tinyPipelineText(1);

/** Resolves once the host's sweep has ended (each run ends on its own, so asking again is waiting on it). */
async function sweepEnd(): Promise<SweepProgress> {
  for (;;) {
    const status = await host.sweepStatus();
    if (status && status.state !== 'running') return status;
    await new Promise((r) => setTimeout(r, 50));
  }
}

before(() => {
  dirs = makeHostDirs();
  host = createNodeHost({
    host: 'web',
    workspaceDir: dirs.workspace,
    templatesDir: dirs.templates,
    stateDir: dirs.state,
    runsDir: join(dirs.root, 'runs'),
    runDefaults: { workers: 1, backend: 'wasm' },
  });
});
after(async () => {
  await host.close();
  dirs.cleanup();
});

describe('a sweep started from the workbench', () => {
  let sweepId: string;
  let ended: SweepProgress;
  before(async () => {
    const started = await host.startSweep({ text, path: null, settings: ['clients0.learningRate=0.05,0.3'], seeds: 2 });
    assert.deepEqual({ points: started.points, runs: started.runs }, { points: 2, runs: 4 });
    sweepId = started.sweepId;
    await assert.rejects(host.startSweep({ text, path: null, settings: ['split.numClients=2,3'], seeds: 1 }), /already running/);
    ended = await sweepEnd();
  });

  it('runs every point and seed as a stored run, tagged with the sweep', async () => {
    assert.equal(ended.sweepId, sweepId);
    assert.deepEqual({ state: ended.state, done: ended.done, total: ended.total }, { state: 'finished', done: 4, total: 4 });
    const { runs } = await host.listRuns();
    const mine = runs.filter((r) => r.sweep?.id === sweepId);
    assert.equal(mine.length, 4);
    assert.ok(mine.every((r) => r.status === 'finished'));
    assert.deepEqual(mine.map((r) => r.seed).sort(), [7, 7, 8, 8], 'seeds S and S+1 from the document');
  });

  it("reads back a table whose accuracies are the stored runs' final accuracies", async () => {
    const table = await host.readSweep(sweepId);
    assert.deepEqual(table, ended.table);
    const { runs } = await host.listRuns();
    const byId = new Map(runs.map((r) => [r.id, r]));
    assert.deepEqual(table.rows.map((r) => r.point), [{ 'clients0.learningRate': 0.05 }, { 'clients0.learningRate': 0.3 }]);
    for (const row of table.rows) {
      assert.equal(row.runs.length, 2);
      assert.deepEqual(row.federations[0].accuracies, row.runs.map((id) => byId.get(id)!.federations[0].accuracy));
    }
  });
});

describe('stopping a sweep', () => {
  it('cancels the run going and skips the rest; its run is kept from deletion while it goes', async () => {
    const { sweepId, runs } = await host.startSweep({ text: tinyPipelineText(5000), path: null, settings: ['split.numClients=2,3,4'], seeds: 1 });
    assert.equal(runs, 3);
    let status = await host.sweepStatus();
    while (!status?.currentRunId) status = await new Promise((r) => setTimeout(r, 20)).then(() => host.sweepStatus());
    await assert.rejects(host.deleteRun(status.currentRunId), /still going/);
    await host.stopSweep(sweepId);
    const ended = await sweepEnd();
    assert.equal(ended.state, 'cancelled');
    assert.equal(ended.done, 1, 'no run after the stopped one');
    const table = await host.readSweep(sweepId);
    assert.deepEqual(table.rows.map((r) => r.runs.length), [1, 0, 0]);
    assert.equal(table.rows[0].failed, 1, 'the stopped run is counted, not scored');
  });
});

describe('hostile sweep requests', () => {
  it('refuses a bad value before any run, naming the node and field', async () => {
    const before = (await host.listRuns()).runs.length;
    await assert.rejects(host.startSweep({ text, path: null, settings: ['clients0.learningRate=0.1,-5'], seeds: 1 }), (e: unknown) => {
      assert.ok(e instanceof HostError);
      assert.ok(e.problems.some((p) => p.nodeId === 'clients0' && p.field?.includes('learningRate')), e.message);
      return true;
    });
    await assert.rejects(host.startSweep({ text, path: null, settings: ['clients0.learnRate=0.1'], seeds: 1 }), /learnRate/);
    await assert.rejects(host.startSweep({ text, path: null, settings: ['nobody.alpha=1'], seeds: 1 }), /no node 'nobody'/);
    assert.equal((await host.listRuns()).runs.length, before, 'nothing ran');
  });

  it('refuses settings and seeds out of bounds, and grids too large', async () => {
    const bad: unknown[] = [
      null,
      { text, path: null, settings: [], seeds: 1 },
      { text, path: null, settings: 'split.numClients=2', seeds: 1 },
      { text, path: null, settings: Array.from({ length: 9 }, (_, i) => `n${i}.p=1`), seeds: 1 },
      { text, path: null, settings: [`clients0.learningRate=${'1,'.repeat(600)}1`], seeds: 1 },
      { text, path: null, settings: [42], seeds: 1 },
      { text, path: null, settings: ['split.numClients=2'], seeds: 0 },
      { text, path: null, settings: ['split.numClients=2'], seeds: 21 },
      { text, path: null, settings: ['split.numClients=2'], seeds: 1.5 },
      { text: 7, path: null, settings: ['split.numClients=2'], seeds: 1 },
      { text, path: '../../etc/passwd.json', settings: ['split.numClients=2'], seeds: 1 },
    ];
    for (const request of bad) {
      await assert.rejects(host.startSweep(request as never), (e: Error) => typeof e.message === 'string' && e.message.length > 0, JSON.stringify(request)?.slice(0, 80));
    }
    const values = Array.from({ length: 101 }, (_, i) => 2 + (i % 50)).join(',');
    await assert.rejects(host.startSweep({ text, path: null, settings: [`split.numClients=${values}`], seeds: 2 }), /202 runs; the workbench runs at most 200/);
  });

  it('refuses a swept data path outside the workspace', async () => {
    const csv = JSON.parse(text) as { nodes: { id: string; params: Record<string, unknown> }[] };
    csv.nodes[0].params = { source: 'csv', path: 'inside.csv', labelColumn: 'label' };
    await assert.rejects(
      host.startSweep({ text: JSON.stringify(csv), path: null, settings: ['data.path="/etc/x.csv","/tmp/y.csv"'], seeds: 1 }),
      (e: unknown) => e instanceof HostError && e.problems.some((p) => p.nodeId === 'data' && p.field === 'params.path') && /'\/etc\/x\.csv' is outside/.test(e.message),
    );
  });

  it('reads only sweeps inside the store, by their full id', async () => {
    mkdirSync(join(dirs.root, 'runs', 'sweeps'), { recursive: true });
    symlinkSync(dirs.workspace, join(dirs.root, 'runs', 'sweeps', 'linked-out'));
    for (const id of ['../runs', '/etc', 'linked-out', 'no-such-sweep', 42, '', 'a/b']) {
      await assert.rejects(host.readSweep(id as string), /not a sweep id|no sweep/, String(id));
    }
    await assert.rejects(host.stopSweep('not-this-one'), /no such sweep/);
  });
});

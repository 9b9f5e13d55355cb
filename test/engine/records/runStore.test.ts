/**
 * The run store as the CLI and the hosts read it: every run a folder with a manifest and an event log,
 * listed by scanning the folders, so the listing agrees with them whatever is deleted by hand.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RUN_EVENTS_FORMAT, readEventLog } from '../../../engine/records/eventLog.js';
import { RUN_MANIFEST_FORMAT, type RunManifest } from '../../../engine/records/manifest.js';
import { createRunFolder } from '../../../engine/records/runFolder.js';
import { RunRecorder } from '../../../engine/records/runRecorder.js';
import { deleteRun, listRuns, readRun } from '../../../engine/records/runStore.js';
import { RunStoreError } from '../../../engine/records/runStoreError.js';
import { runPipeline } from '../../../engine/run/run.js';
import type { RunSummary } from '../../../engine/run/events.js';
import { tinyPipeline } from './tinyPipeline.js';

let root: string;
const runs: { id: string; dir: string; summary: RunSummary }[] = [];
before(async () => {
  root = mkdtempSync(join(tmpdir(), 'fedflow-store-'));
  for (const seed of [1, 2, 3]) {
    const { id, dir } = await createRunFolder(root, 'tiny');
    const summary = await runPipeline(tinyPipeline({ rounds: 2 }), { baseDir: root, outDir: dir, runId: id, seed, workers: 1, backend: 'wasm' });
    runs.push({ id, dir, summary });
  }
});
after(() => rmSync(root, { recursive: true, force: true }));

describe('a stored run', () => {
  it('has a manifest with the document as run, the seed, backend, versions and machine, and the final figures', async () => {
    const [first] = runs;
    const m = JSON.parse(readFileSync(join(first.dir, 'manifest.json'), 'utf8')) as RunManifest;
    assert.equal(m.format, RUN_MANIFEST_FORMAT);
    assert.equal(m.id, first.id);
    assert.equal(m.status, 'finished');
    assert.equal(m.seed, 1);
    assert.equal(m.document.seed, 1, 'the --seed override is written into the document as run');
    assert.equal(m.resolvedBackend, 'wasm');
    assert.equal(m.process.pid, process.pid);
    assert.equal(m.environment.node, process.version);
    assert.match(m.engineVersion, /^\d+\.\d+\.\d+/);
    assert.ok(Date.parse(m.endedAt!) >= Date.parse(m.startedAt));
    assert.deepEqual(
      m.federations.map((f) => [f.aggregatorId, f.roundsDone, f.rounds, f.accuracy]),
      [['agg', 2, 2, first.summary.federations[0].final.accuracy]],
    );
    for (const file of ['events.jsonl', 'metrics.csv', 'metrics.json', 'summary.json', 'models/agg/model.json']) assert.ok(existsSync(join(first.dir, file)), file);
  });

  it('has an event log of every event, one versioned JSON object a line, from run-started to finished', async () => {
    const log = await readEventLog(join(runs[0].dir, 'events.jsonl'));
    assert.equal(log.skipped, 0);
    assert.equal(log.tornTail, false);
    assert.ok(log.lines.every((l, i) => l.format === RUN_EVENTS_FORMAT && l.seq === i));
    assert.equal(log.lines[0].event.type, 'run-started');
    assert.equal(log.lines.at(-1)!.event.type, 'finished');
    assert.equal(log.lines.filter((l) => l.event.type === 'evaluated').length, 2);
  });
});

describe('listing the store', () => {
  it('lists every run, newest first, with status, rounds and final accuracy', async () => {
    const { runs: listed, problems } = await listRuns(root);
    assert.deepEqual(problems, []);
    assert.deepEqual(listed.map((r) => r.id).sort(), runs.map((r) => r.id).sort());
    for (const r of listed) {
      const made = runs.find((x) => x.id === r.id)!;
      assert.equal(r.status, 'finished');
      assert.equal(r.federations[0].roundsDone, 2);
      assert.equal(r.federations[0].accuracy, made.summary.federations[0].final.accuracy);
    }
    assert.ok(listed.every((r, i) => i === 0 || listed[i - 1].startedAt >= r.startedAt));
  });

  it('filters by status and text, sorts and limits', async () => {
    assert.equal((await listRuns(root, { status: 'failed' })).runs.length, 0);
    assert.equal((await listRuns(root, { text: runs[1].id.slice(-6) })).runs[0].id, runs[1].id);
    assert.equal((await listRuns(root, { limit: 2 })).runs.length, 2);
    const byName = await listRuns(root, { sort: 'name' });
    assert.equal(byName.runs.length, 3);
  });

  it('stays consistent with the folders after one is deleted by hand', async () => {
    const gone = runs[2];
    rmSync(gone.dir, { recursive: true, force: true });
    const { runs: listed, problems } = await listRuns(root);
    assert.deepEqual(problems, []);
    assert.deepEqual(listed.map((r) => r.id).sort(), [runs[0].id, runs[1].id].sort());
    await assert.rejects(readRun(root, gone.id), (e: unknown) => e instanceof RunStoreError && e.code === 'not-found');
  });

  it('passes over folders that are not runs and reports a damaged manifest instead of failing', async () => {
    mkdirSync(join(root, 'sweeps'), { recursive: true });
    mkdirSync(join(root, 'damaged-run'));
    writeFileSync(join(root, 'damaged-run', 'manifest.json'), '{"format":"fedflow/run@1", "id": "dam');
    const { runs: listed, problems } = await listRuns(root);
    assert.equal(listed.length, 2);
    assert.deepEqual(problems.map((p) => [p.folder.endsWith('damaged-run'), /not valid JSON/.test(p.message)]), [[true, true]]);
    rmSync(join(root, 'damaged-run'), { recursive: true });
  });
});

describe('a run that fails', () => {
  it('is stored as failed, with the node and field at fault', async () => {
    const { id, dir } = await createRunFolder(root, 'broken');
    const doc = tinyPipeline();
    doc.nodes[0].params = { source: 'csv', path: 'no-such.csv', labelColumn: 'y' };
    await assert.rejects(runPipeline(doc, { baseDir: root, outDir: dir, runId: id, workers: 1, backend: 'wasm' }));
    const run = await readRun(root, id);
    assert.equal(run.status, 'failed');
    assert.deepEqual([run.error?.nodeId, run.error?.field], ['data', 'params.path']);
    rmSync(dir, { recursive: true });
  });
});

describe('reading and deleting', () => {
  it('reads a run by a unique prefix of its id, with its rounds from the event log', async () => {
    const run = await readRun(root, runs[0].id.slice(0, -2));
    assert.equal(run.id, runs[0].id);
    assert.deepEqual(run.history.agg.map((r) => r.test?.accuracy), runs[0].summary.federations[0].history.map((r) => r.test?.accuracy));
  });

  it('suggests the nearest id for a mistyped one and refuses ids that leave the store', async () => {
    const typo = `${runs[0].id.slice(0, -1)}z`;
    await assert.rejects(readRun(root, typo), (e: unknown) => e instanceof RunStoreError && e.message.includes(`did you mean ${runs[0].id}`));
    await assert.rejects(readRun(root, '../etc'), (e: unknown) => e instanceof RunStoreError && e.code === 'bad-id');
  });

  it('deletes a finished run and refuses one whose process still runs', async () => {
    assert.equal(await deleteRun(root, runs[1].id), runs[1].id);
    assert.ok(!existsSync(runs[1].dir));
    const { id, dir } = await createRunFolder(root, 'live');
    const recorder = await RunRecorder.open({ dir, doc: tinyPipeline(), overrides: {} });
    assert.equal((await readRun(root, id)).status, 'running');
    await assert.rejects(deleteRun(root, id), (e: unknown) => e instanceof RunStoreError && e.code === 'running');
    await recorder.close();
  });
});

/** The host's run store methods (list, read, compare, delete) and reattaching to a live run, with hostile ids. */
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { HostRunEvent } from '../../../engine/host/hostApi.js';
import { createNodeHost, type NodeHost } from '../../../engine/host/nodeHost.js';
import { answerWireRequest, parseWireRequest } from '../../../engine/host/wireServer.js';
import { makeHostDirs, nextRunEvent, tinyPipelineText, type HostDirs } from './fixtures.js';

let dirs: HostDirs;
let host: NodeHost;
let runsDir: string;
/** Two finished runs of one pipeline that differ in the learning rate: [lr 0.05, lr 0.2]. */
const finished: string[] = [];

/** The tiny pipeline with its clients' learning rate set. */
function withLearningRate(lr: number, rounds = 2): string {
  const doc = JSON.parse(tinyPipelineText(rounds)) as { nodes: { kind: string; params: Record<string, unknown> }[] };
  for (const n of doc.nodes) if (n.kind === 'client') n.params.learningRate = lr;
  return JSON.stringify(doc);
}

async function runToEnd(text: string): Promise<string> {
  const { runId } = await host.startRun({ text, path: null });
  await nextRunEvent(host, runId, (e) => e.type === 'finished' || e.type === 'failed');
  // The manifest's last write and the report follow the event; the listing reads the manifest.
  for (let i = 0; i < 200 && (await host.listRuns()).runs.find((r) => r.id === runId)?.status !== 'finished'; i++) await new Promise((r) => setImmediate(r));
  return runId;
}

before(async () => {
  dirs = makeHostDirs();
  runsDir = join(dirs.root, 'runs');
  host = createNodeHost({
    host: 'web',
    workspaceDir: dirs.workspace,
    templatesDir: dirs.templates,
    stateDir: dirs.state,
    runsDir,
    runDefaults: { workers: 1, backend: 'wasm' },
  });
  finished.push(await runToEnd(withLearningRate(0.05)));
  finished.push(await runToEnd(withLearningRate(0.2)));
});
after(async () => {
  await host.close();
  dirs.cleanup();
});

describe('the Runs view over the host', () => {
  it('lists the stored runs newest first, with status, rounds and final accuracy, and no folder paths', async () => {
    const { runs, stored } = await host.listRuns();
    assert.equal(stored, true);
    assert.deepEqual(runs.map((r) => r.id), [...finished].reverse());
    for (const r of runs) {
      assert.equal(r.status, 'finished');
      assert.equal(r.federations[0]!.roundsDone, 2);
      assert.ok(typeof r.federations[0]!.accuracy === 'number');
      assert.ok(r.durationMs >= 0);
      assert.equal('dir' in r, false);
    }
    assert.deepEqual((await host.listRuns({ text: finished[0]!.slice(-6) })).runs.map((r) => r.id), [finished[0]]);
    assert.deepEqual((await host.listRuns({ status: 'failed' })).runs, []);
  });

  it('reads a run whole: its document as run, every event, each round', async () => {
    const run = await host.readRun(finished[0]!);
    assert.equal(run.id, finished[0]);
    assert.equal(run.document.nodes.find((n) => n.kind === 'client')!.params.learningRate, 0.05);
    assert.equal(run.events[0]!.type, 'run-started');
    assert.equal(run.events.at(-1)!.type, 'finished');
    const [rounds] = Object.values(run.history);
    assert.deepEqual(rounds!.map((r) => r.round), [1, 2]);
    assert.equal(run.manifest.id, finished[0]);
  });

  it('compares two runs: the learning rate that differs, by node and param, and both runs’ rounds', async () => {
    const c = await host.compareRuns([...finished]);
    assert.deepEqual(c.runs.map((r) => r.id), finished);
    const lr = c.differences.find((d) => d.path === 'params.learningRate');
    assert.ok(lr, `the learning rate differs: ${JSON.stringify(c.differences)}`);
    assert.deepEqual(lr.values, [0.05, 0.2]);
    assert.equal(c.histories.length, 2);
    for (const h of c.histories) assert.equal(Object.values(h)[0]!.length, 2);
  });

  it('refuses hostile and wrong run ids with a sentence: paths, traversal, prefixes, non-text, unknown ids', async () => {
    mkdirSync(join(dirs.root, 'outside-run'), { recursive: true });
    symlinkSync(join(dirs.root, 'outside-run'), join(runsDir, 'linked-run'));
    writeFileSync(join(dirs.root, 'secret.txt'), 'no');
    const hostile: unknown[] = ['../secret.txt', '..', `${finished[0]}/../..`, '/etc', 'a\\b', '', finished[0]!.slice(0, 10), 'linked-run', 42, null, { id: finished[0] }, 'nope-20260101-000000-abcdef'];
    for (const id of hostile) {
      await assert.rejects(host.readRun(id as string), (e: Error) => /not a run id|no run/i.test(e.message), `readRun(${JSON.stringify(id)})`);
      await assert.rejects(host.deleteRun(id as string), (e: Error) => /not a run id|no run/i.test(e.message), `deleteRun(${JSON.stringify(id)})`);
    }
    await assert.rejects(host.compareRuns([finished[0]!, '../x']), /not a run id/);
    await assert.rejects(host.compareRuns([finished[0]!]), /Compare 2 to 8 runs/);
    await assert.rejects(host.compareRuns('abc' as unknown as string[]), /Compare 2 to 8 runs/);
    await assert.rejects(host.compareRuns([finished[0]!, finished[0]!]), /compared once/);
    await assert.rejects(host.listRuns({ status: 'weird' as 'finished' }), /status must be one of/);
    await assert.rejects(host.listRuns({ sort: '__proto__' as 'name' }), /order must be one of/);
    // Over the wire the same: an error as a value, the host still answering.
    const answer = await answerWireRequest(host, parseWireRequest({ id: 1, method: 'readRun', args: ['../../etc/passwd'] })!);
    assert.ok('ok' in answer && !answer.ok && /not a run id/.test(answer.error.message), JSON.stringify(answer));
  });

  it('exports the report of a past run, from its folder, from a host that did not run it', async () => {
    const later = createNodeHost({ host: 'web', workspaceDir: dirs.workspace, templatesDir: dirs.templates, stateDir: dirs.state, runsDir });
    try {
      const { text } = await later.exportReport(withLearningRate(0.05), null, finished[0]!);
      assert.match(text, /<html/i);
      await assert.rejects(later.exportReport(withLearningRate(0.05), null, '../../etc'), /not a run id/);
    } finally {
      await later.close();
    }
  });

  it('a host without a run store lists none and says so for the rest', async () => {
    const bare = createNodeHost({ host: 'web', workspaceDir: dirs.workspace, templatesDir: dirs.templates, stateDir: dirs.state });
    try {
      assert.deepEqual(await bare.listRuns(), { runs: [], problems: [], stored: false });
      await assert.rejects(bare.readRun(finished[0]!), /keeps no run store/);
    } finally {
      await bare.close();
    }
  });

  it('a page that attaches mid-run gets every event so far with its seq, then the rest live; the run cannot be deleted while it goes', async () => {
    const { runId } = await host.startRun({ text: withLearningRate(0.1, 2), path: null, startPaused: true });
    const live: HostRunEvent[] = [];
    const off = host.onRunEvent((e) => {
      if (e.runId === runId) live.push(e);
    });
    const round1 = nextRunEvent(host, runId, (e) => e.type === 'evaluated');
    await host.controlRun(runId, 'step');
    await round1;
    const [attached] = (await host.liveRuns()).filter((r) => r.runId === runId);
    assert.ok(attached, 'the live run is listed');
    assert.equal(attached.paused, true, 'stepped, it waits for Resume (no event says so)');
    assert.equal(attached.events[0]!.event.type, 'run-started');
    assert.ok(attached.events.some((e) => e.event.type === 'evaluated'), 'round 1 is in the backlog');
    const seqs = attached.events.map((e) => e.seq!);
    assert.deepEqual([...seqs].sort((a, b) => a - b), seqs, 'in order');
    await assert.rejects(host.deleteRun(runId), /still going/);
    await host.controlRun(runId, 'resume');
    await nextRunEvent(host, runId, (e) => e.type === 'finished');
    off();
    // The live events after the backlog continue its seqs, so a page can skip what it has.
    const after = live.filter((e) => e.seq! > seqs.at(-1)!);
    assert.ok(after.some((e) => e.event.type === 'finished'));
    assert.ok(after.every((e, i) => i === 0 || e.seq! > after[i - 1]!.seq!));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual((await host.liveRuns()).filter((r) => r.runId === runId), [], 'an ended run is no longer live');
  });

  it('deletes a finished run: its folder goes and the list no longer has it', async () => {
    const id = await runToEnd(withLearningRate(0.3, 1));
    // Refused while the host still writes its model and report into the folder, then deleted.
    let deleted: string | undefined;
    for (let i = 0; i < 2000 && deleted === undefined; i++) {
      deleted = await host.deleteRun(id).catch((e: Error) => {
        assert.match(e.message, /still going \(or writing its results\)/);
        return new Promise<undefined>((r) => setTimeout(() => r(undefined), 5));
      });
    }
    assert.equal(deleted, id);
    assert.equal((await host.listRuns()).runs.some((r) => r.id === id), false);
    await assert.rejects(host.readRun(id), /no run/i);
  });
});

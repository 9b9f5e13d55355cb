/**
 * What the desktop app's page may do with files, driven as a page would: window.fedflow from the real
 * preload, its invokes answered by the main process's relay (electron/ipcRelay.ts), in front of the host the
 * engine process runs (electron/desktopHost.ts); a fake native dialog stands in for the user's choice.
 * The page may name only files the user chose — in a dialog, as a recent file, or a workspace pipeline — and
 * a run reads data only next to its chosen pipeline file or from the templates.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { HostApi, HostMethod } from '../../engine/host/hostApi.js';
import { HostError, withHostErrors } from '../../engine/host/hostError.js';
import type { NodeHost } from '../../engine/host/nodeHost.js';
import { APP_INDEX_URL } from '../../electron/appUrl.js';
import { createDesktopHost } from '../../electron/desktopHost.js';
import type { PickRequest } from '../../electron/engineMessages.js';
import { HOST_CHANNEL_PREFIX } from '../../electron/ipcChannels.js';
import { answerIpc } from '../../electron/ipcRelay.js';
import { makeHostDirs, nextRunEvent, tinyPipelineText, type HostDirs } from '../engine/host/fixtures.js';
import { loadPreload } from './loadPreload.js';

let dirs: HostDirs;
const hosts: NodeHost[] = [];

/** The desktop app as the page sees it, with a dialog that answers `user.choice`. */
function desktopApp() {
  const user = { choice: null as string | null, dialogs: [] as PickRequest[] };
  const host = createDesktopHost(
    { workspaceDir: dirs.workspace, templatesDir: dirs.templates, stateDir: dirs.state, runsDir: join(dirs.root, 'runs') },
    async (request) => {
      user.dialogs.push(request);
      return user.choice;
    },
  );
  hosts.push(host);
  const preload = loadPreload((channel, args) => answerIpc(() => host, channel.slice(HOST_CHANNEL_PREFIX.length) as HostMethod, args, APP_INDEX_URL));
  // renderer/src/host.ts wraps window.fedflow so.
  const page = withHostErrors(preload.exposed.get('fedflow') as HostApi);
  return { page, host, user };
}

/** A folder outside the workspace with files in it, as elsewhere on the user's disk. */
function elsewhere(name: string): string {
  const dir = join(dirs.root, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

const SMALL_CSV = ['a,b,label', ...Array.from({ length: 40 }, (_, i) => `${i % 7},${(i * 3) % 5},${i % 2 === 0 ? 'yes' : 'no'}`)].join('\n');

/** The tiny pipeline with its data set read from `path` (a CSV). */
function csvPipeline(path: string, extra: (doc: { nodes: { id: string; kind: string; params: Record<string, unknown> }[] }) => void = () => undefined): string {
  const doc = JSON.parse(tinyPipelineText(1));
  doc.nodes.find((n: { id: string }) => n.id === 'data').params = { source: 'csv', path, labelColumn: 'label' };
  extra(doc);
  return JSON.stringify(doc, null, 2);
}

before(() => {
  dirs = makeHostDirs();
});
after(async () => {
  await Promise.all(hosts.map((h) => h.close()));
  dirs.cleanup();
});

describe('the desktop page names only files the user chose', () => {
  it('cannot open a .json file by path without a dialog, nor save over it, nor run from it', async () => {
    const { page, user } = desktopApp();
    const settings = join(elsewhere('config'), 'settings.json');
    writeFileSync(settings, '{"keep": "me"}');
    await assert.rejects(page.openFile(settings), /only files you chose; use Open… to pick 'settings\.json'/);
    await assert.rejects(page.saveFile('{"evil": 1}', settings), /use Save As to pick 'settings\.json'/);
    await assert.rejects(page.startRun({ text: tinyPipelineText(), path: settings }), /only files you chose/);
    await assert.rejects(page.exportScript(tinyPipelineText(), settings), /only files you chose/);
    assert.equal(readFileSync(settings, 'utf8'), '{"keep": "me"}');
    assert.deepEqual(await page.recentFiles(), [], 'nor did the attempt make it a recent file');
    assert.deepEqual(user.dialogs, [], 'no dialog was shown');
  });

  it('may reopen and save a file chosen in the dialog, a recent file of an earlier session, and a workspace pipeline', async () => {
    const first = desktopApp();
    const chosen = join(elsewhere('projects'), 'chosen.fedflow.json');
    writeFileSync(chosen, tinyPipelineText());
    first.user.choice = chosen;
    assert.equal((await first.page.openFile())?.path, chosen);
    assert.deepEqual(first.user.dialogs, [{ kind: 'open' }]);
    assert.equal((await first.page.openFile(chosen))?.path, chosen);
    assert.equal((await first.page.saveFile('{"v": 2}', chosen))?.path, chosen);

    // A later session: the recent files carry the earlier choice.
    const later = desktopApp();
    assert.equal((await later.page.openFile(chosen))?.text, '{"v": 2}');
    const inWorkspace = join(dirs.workspace, 'mine.fedflow.json');
    writeFileSync(inWorkspace, tinyPipelineText());
    assert.equal((await later.page.openFile(inWorkspace))?.path, inWorkspace);
    // But not any .json file in the workspace: only pipelines.
    writeFileSync(join(dirs.workspace, 'package.json'), '{}');
    await assert.rejects(later.page.openFile(join(dirs.workspace, 'package.json')), /only files you chose/);
    assert.deepEqual(later.user.dialogs, []);
  });
});

describe('two desktop windows on one file', () => {
  it('refuse the later save as changed on disk, the code intact through preload and IPC, and Overwrite still saves', async () => {
    const a = desktopApp();
    const b = desktopApp();
    const shared = join(elsewhere('shared'), 'shared.fedflow.json');
    writeFileSync(shared, tinyPipelineText());
    a.user.choice = shared;
    b.user.choice = shared;
    const inA = await a.page.openFile();
    const inB = await b.page.openFile();
    assert.ok(inA?.version && inA.version === inB?.version);
    assert.ok(await a.page.saveFile('{"by": "a"}', shared, undefined, inA.version));
    await assert.rejects(b.page.saveFile('{"by": "b"}', shared, undefined, inB.version), (e: unknown) => {
      assert.ok(e instanceof HostError);
      assert.equal(e.code, 'changed-on-disk');
      assert.match(e.message, /^shared\.fedflow\.json changed on disk since you opened it/);
      return true;
    });
    assert.equal(readFileSync(shared, 'utf8'), '{"by": "a"}');
    assert.ok(await b.page.saveFile('{"by": "b"}', shared));
    assert.equal(readFileSync(shared, 'utf8'), '{"by": "b"}');
  });
});

describe('a desktop run reads data only next to its chosen pipeline, or from the templates', () => {
  it('refuses a data file outside the pipeline’s folder, naming the node and the field', async () => {
    const { page, user } = desktopApp();
    const secret = join(elsewhere('secret'), 'id.csv');
    writeFileSync(secret, SMALL_CSV);
    const file = join(elsewhere('study'), 'study.fedflow.json');
    user.choice = file;
    const text = csvPipeline('../secret/id.csv');
    await page.saveFile(text, null, 'study');
    await assert.rejects(page.startRun({ text, path: file }), (e: unknown) => {
      assert.ok(e instanceof HostError);
      assert.match(e.message, /^The pipeline cannot run:/);
      assert.deepEqual(
        e.problems.map((p) => [p.nodeId, p.field]),
        [['data', 'params.path']],
      );
      assert.match(e.problems[0].message, /'\.\.\/secret\/id\.csv' is outside the pipeline's folder; FedFlow reads data only from .*study/);
      return true;
    });
    // An availability trace is a file a run reads too.
    const traced = csvPipeline('data.csv', (doc) => {
      doc.nodes.find((n) => n.kind === 'client')!.params.availability = secret;
    });
    writeFileSync(join(dirs.root, 'study', 'data.csv'), SMALL_CSV);
    await assert.rejects(page.startRun({ text: traced, path: file }), (e: unknown) => {
      assert.ok(e instanceof HostError);
      assert.deepEqual(
        e.problems.map((p) => [p.nodeId, p.field]),
        [['clients0', 'params.availability']],
      );
      return true;
    });
    // An unsaved document reads from the templates only.
    await assert.rejects(page.startRun({ text: csvPipeline(secret), path: null }), /outside the templates; .*Save the pipeline next to its data first/);
  });

  it('runs a pipeline whose data lies next to it', async () => {
    const { page, host, user } = desktopApp();
    const dir = elsewhere('next-to');
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(join(dir, 'data', 'rows.csv'), SMALL_CSV);
    const file = join(dir, 'next.fedflow.json');
    user.choice = file;
    const text = csvPipeline('data/rows.csv');
    await page.saveFile(text, null, 'next');
    const { runId } = await page.startRun({ text, path: file });
    const end = await nextRunEvent(host, runId, (e) => e.type === 'finished' || e.type === 'failed');
    assert.equal(end.type, 'finished', JSON.stringify(end));
  });
});

describe('the desktop page reaches the run store only by run id', () => {
  it('lists, reads and compares runs through the preload, and refuses a path as a run id', async () => {
    const { page, host } = desktopApp();
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { runId } = await page.startRun({ text: tinyPipelineText(1), path: null, seed: 7 + i });
      await nextRunEvent(host, runId, (e) => e.type === 'finished');
      ids.push(runId);
    }
    for (let i = 0; i < 200 && (await page.listRuns()).runs.filter((r) => ids.includes(r.id) && r.status === 'finished').length < 2; i++) await new Promise((r) => setImmediate(r));
    const read = await page.readRun(ids[0]!);
    assert.equal(read.seed, 7);
    const compared = await page.compareRuns(ids);
    assert.deepEqual(compared.differences.find((d) => d.path === 'seed')?.values, [7, 8]);
    for (const hostile of ['../../.ssh', join(dirs.root, 'runs', ids[0]!), `${ids[0]}/manifest.json`]) {
      await assert.rejects(page.readRun(hostile), (e: Error) => e instanceof HostError && /not a run id/.test(e.message), hostile);
      await assert.rejects(page.deleteRun(hostile), /not a run id/, hostile);
    }
    assert.deepEqual(await page.liveRuns(), []);
  });
});

/** The Node host: files (kept whole when invalid, saved atomically, confined in web mode), templates, recovery, runs. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { HostRunEvent } from '../../../engine/host/hostApi.js';
import { HostError } from '../../../engine/host/hostError.js';
import { createNodeHost, safeFileName, type NodeHost, type NodeHostOptions } from '../../../engine/host/nodeHost.js';
import { FORMAT_TAG } from '../../../engine/format/pipeline.js';
import { makeHostDirs, nextRunEvent, tinyPipelineText, type HostDirs } from './fixtures.js';

let dirs: HostDirs;
/** A file's version as the host promises it: the first 16 hex digits of the SHA-256 of its bytes. */
const sha16 = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex').slice(0, 16);
const hosts: NodeHost[] = [];
const make = (extra: Partial<NodeHostOptions> = {}) => {
  const host = createNodeHost({
    host: 'web',
    workspaceDir: dirs.workspace,
    templatesDir: dirs.templates,
    stateDir: dirs.state,
    runDefaults: { workers: 1, backend: 'wasm' },
    ...extra,
  });
  hosts.push(host);
  return host;
};

before(() => {
  dirs = makeHostDirs();
});
after(async () => {
  await Promise.all(hosts.map((h) => h.close()));
  dirs.cleanup();
});

describe('opening files', () => {
  it('opens a valid file with its text, absolute path and no errors, and remembers it', async () => {
    const host = make();
    const text = tinyPipelineText();
    writeFileSync(join(dirs.workspace, 'valid.fedflow.json'), text);
    const opened = await host.openFile('valid.fedflow.json');
    assert.ok(opened);
    assert.equal(opened.text, text);
    assert.equal(opened.path, join(dirs.workspace, 'valid.fedflow.json'));
    assert.equal(opened.name, 'valid.fedflow.json');
    assert.deepEqual(opened.problems.filter((p) => p.severity === 'error'), []);
    assert.equal((await host.recentFiles())[0].path, opened.path);
  });

  it('opens invalid JSON with its text kept exactly and the syntax error located', async () => {
    const host = make();
    const text = '{\n  "format": "fedflow/pipeline@1",\n  "name": "broken",,\n}\n';
    writeFileSync(join(dirs.workspace, 'broken.fedflow.json'), text);
    const opened = await host.openFile(join(dirs.workspace, 'broken.fedflow.json'));
    assert.equal(opened?.text, text);
    assert.equal(opened?.problems.length, 1);
    assert.match(opened!.problems[0].message, /not valid JSON/);
    assert.equal(opened!.problems[0].line, 3);
  });

  it('opens a file of a newer format version with its text kept and the reason given', async () => {
    const host = make();
    const text = tinyPipelineText().replace(FORMAT_TAG, 'fedflow/pipeline@99').replace('"name": "Tiny"', '"name": "Future", "newField": [1, 2]');
    writeFileSync(join(dirs.workspace, 'future.fedflow.json'), text);
    const opened = await host.openFile('future.fedflow.json');
    assert.equal(opened?.text, text);
    assert.equal(opened?.problems[0].field, 'format');
    assert.match(opened!.problems[0].message, /newer FedFlow Studio \(format version 99\)/);
  });

  it('rejects a missing file with a message naming it', async () => {
    await assert.rejects(make().openFile('nowhere.fedflow.json'), /No such file: .*nowhere\.fedflow\.json/);
  });

  it('without a path and without a dialog, opening asks nothing and resolves null', async () => {
    assert.equal(await make().openFile(), null);
  });
});

describe('saving files', () => {
  it('writes the exact text atomically, leaving no temporary file, also when saves race', async () => {
    const host = make();
    const target = join(dirs.workspace, 'saved.fedflow.json');
    const text = tinyPipelineText().replace('Tiny', 'Saved ✓ ünïcode');
    const saved = await host.saveFile(text, target);
    assert.deepEqual(saved, { path: target, name: 'saved.fedflow.json', version: sha16(text) });
    assert.equal(readFileSync(target, 'utf8'), text);
    const versions = Array.from({ length: 8 }, (_, i) => `${text}${' '.repeat(i)}`);
    await Promise.all(versions.map((v) => host.saveFile(v, target)));
    assert.ok(versions.includes(readFileSync(target, 'utf8')), 'the file holds one whole version');
    assert.deepEqual(readdirSync(dirs.workspace).filter((f) => f.endsWith('.tmp')), []);
  });

  it('in web mode refuses every path outside the workspace, and non-pipeline files', async () => {
    const host = make();
    const outside = join(dirs.root, 'outside');
    mkdirSync(outside, { recursive: true });
    symlinkSync(outside, join(dirs.workspace, 'link-out'));
    const refused = [
      '../outside/escape.fedflow.json',
      join(outside, 'escape.fedflow.json'),
      'link-out/escape.fedflow.json',
      `sub/../../outside/escape.fedflow.json`,
      'notes.txt',
      'package.json',
      'evil\0.fedflow.json',
    ];
    for (const p of refused) {
      await assert.rejects(host.saveFile('{}', p), /only \*\.fedflow\.json files inside its workspace/, p);
    }
    await assert.rejects(host.openFile('../outside/escape.json'), /inside its workspace/);
    await assert.rejects(host.openFile('link-out/escape.json'), /inside its workspace/);
    await assert.rejects(host.saveFile(42 as unknown as string, 'x.fedflow.json'), /must be text/);
    assert.deepEqual(readdirSync(outside), []);
  });

  it('Save As without a dialog (web) writes a new file in the workspace and never overwrites', async () => {
    const host = make();
    const first = await host.saveFile('{"a":1}', null, '../../etc/My pipeline.fedflow.json');
    assert.equal(first?.path, join(dirs.workspace, 'My pipeline.fedflow.json'));
    const second = await host.saveFile('{"a":2}', null, 'My pipeline');
    assert.equal(second?.path, join(dirs.workspace, 'My pipeline-2.fedflow.json'));
    assert.equal(readFileSync(first!.path, 'utf8'), '{"a":1}');
    assert.equal(safeFileName('..', '.ts'), 'pipeline.ts');
  });

  it('in Electron mode writes only where the user chose, through the dialog or by opening', async () => {
    const elsewhere = join(dirs.root, 'documents');
    mkdirSync(elsewhere, { recursive: true });
    const chosen = join(elsewhere, 'chosen.fedflow.json');
    let asked: unknown;
    const host = make({
      host: 'electron',
      pickSavePath: async (request) => {
        asked = request;
        return chosen;
      },
      pickFile: async () => chosen,
    });
    await assert.rejects(host.saveFile('{}', join(elsewhere, 'unchosen.fedflow.json')), /use Save As/);
    const saved = await host.saveFile('{"x":1}', null, 'My doc');
    assert.deepEqual(asked, { suggestedName: 'My doc.fedflow.json', kind: 'pipeline' });
    assert.equal(saved?.path, chosen);
    assert.deepEqual(await host.saveFile('{"x":2}', chosen), { path: chosen, name: 'chosen.fedflow.json', version: sha16('{"x":2}') });
    const opened = await host.openFile();
    assert.equal(opened?.text, '{"x":2}');
    assert.equal((await host.listFiles())[0].path, chosen, 'Electron lists recent files');
  });

  it('lists the workspace pipelines, nested ones too, but not hidden folders or node_modules', async () => {
    const host = make();
    mkdirSync(join(dirs.workspace, 'experiments', 'deep'), { recursive: true });
    mkdirSync(join(dirs.workspace, 'node_modules', 'pkg'), { recursive: true });
    mkdirSync(join(dirs.workspace, '.git'), { recursive: true });
    writeFileSync(join(dirs.workspace, 'experiments', 'deep', 'nested.fedflow.json'), '{}');
    writeFileSync(join(dirs.workspace, 'node_modules', 'pkg', 'no.fedflow.json'), '{}');
    writeFileSync(join(dirs.workspace, '.git', 'no.fedflow.json'), '{}');
    const names = (await host.listFiles()).map((f) => f.name);
    assert.ok(names.includes('experiments/deep/nested.fedflow.json'));
    assert.ok(names.includes('valid.fedflow.json'));
    assert.ok(!names.some((n) => n.includes('no.fedflow.json')));
  });
});

describe('a save from a tab that read an older version of the file', () => {
  /** The file `name` in the workspace with `text`, opened as a tab opens it. */
  const opened = async (host: NodeHost, name: string, text: string) => {
    writeFileSync(join(dirs.workspace, name), text);
    const file = await host.openFile(name);
    assert.ok(file?.path);
    return file as typeof file & { path: string };
  };
  const changedOnDisk = (name: RegExp) => (e: unknown) => {
    assert.ok(e instanceof HostError, 'a HostError');
    assert.equal(e.code, 'changed-on-disk');
    assert.match(e.message, name);
    return true;
  };

  it('opening and saving answer the version of the text, and a save at that version goes through', async () => {
    const host = make();
    const text = tinyPipelineText().replace('Tiny', 'Versioned ✓');
    const file = await opened(host, 'versioned.fedflow.json', text);
    assert.equal(file.version, sha16(text));
    const next = `${text} `;
    const saved = await host.saveFile(next, file.path, undefined, file.version);
    assert.equal(saved?.version, sha16(next));
    assert.equal((await host.saveFile(`${next} `, file.path, undefined, saved!.version))?.version, sha16(`${next} `));
    assert.equal(readFileSync(file.path, 'utf8'), `${next} `);
  });

  it('refuses, as changed on disk, to save over what another tab or program wrote since, and leaves it', async () => {
    const host = make();
    const file = await opened(host, 'shared.fedflow.json', '{"v":"read"}');
    writeFileSync(file.path, '{"v":"theirs"}');
    await assert.rejects(host.saveFile('{"v":"mine"}', file.path, undefined, file.version), changedOnDisk(/^shared\.fedflow\.json changed on disk since you opened it/));
    assert.equal(readFileSync(file.path, 'utf8'), '{"v":"theirs"}', 'their version is kept');
    // Put back to the very text that was read (a revert), it is that version again: the content counts, not the time.
    writeFileSync(file.path, '{"v":"read"}');
    assert.ok(await host.saveFile('{"v":"mine"}', file.path, undefined, file.version), 'back to the version read, the save goes through');
  });

  it('refuses to save a file deleted since it was read, without creating it again', async () => {
    const host = make();
    const file = await opened(host, 'gone.fedflow.json', '{"v":1}');
    unlinkSync(file.path);
    await assert.rejects(host.saveFile('{"v":2}', file.path, undefined, file.version), changedOnDisk(/gone\.fedflow\.json was deleted on disk/));
    assert.equal(existsSync(file.path), false);
  });

  it('a peek at a file answers its text and version without making it the most recent file', async () => {
    const host = make();
    const first = await opened(host, 'peeked.fedflow.json', '{"v":1}');
    await opened(host, 'latest.fedflow.json', '{"v":2}');
    writeFileSync(first.path, '{"v":"changed"}');
    const peeked = await host.openFile(first.path, { peek: true });
    assert.equal(peeked?.version, sha16('{"v":"changed"}'));
    assert.equal((await host.recentFiles())[0].name, 'latest.fedflow.json');
    assert.equal(await host.openFile(undefined, { peek: true }), null, 'a peek never asks the user');
  });

  it('saves over anything without an expected version (Overwrite, and callers that pass none), and refuses a malformed one', async () => {
    const host = make();
    const file = await opened(host, 'overwrite.fedflow.json', '{"v":1}');
    writeFileSync(file.path, '{"v":"theirs"}');
    assert.ok(await host.saveFile('{"v":"mine"}', file.path));
    assert.ok(await host.saveFile('{"v":"mine again"}', file.path, undefined, null));
    assert.equal(readFileSync(file.path, 'utf8'), '{"v":"mine again"}');
    await assert.rejects(host.saveFile('{}', file.path, undefined, '../etc' as string), /expected file version must be 16 hex digits/);
    assert.equal(readFileSync(file.path, 'utf8'), '{"v":"mine again"}');
  });
});

describe('crash recovery', () => {
  it('keeps unsaved documents across host restarts, and clears them', async () => {
    const docs = [
      { key: 'tab-1', name: 'Untitled', path: null, text: tinyPipelineText() },
      { key: 'tab-2', name: 'saved.fedflow.json', path: join(dirs.workspace, 'saved.fedflow.json'), text: '{ "half": ' },
    ];
    const first = make();
    await first.saveRecovery(docs);
    await first.close();
    const second = make();
    assert.deepEqual((await second.loadRecovery()).map(({ key, name, path, text }) => ({ key, name, path, text })), docs);
    await assert.rejects(second.saveRecovery([{ key: 1 }] as never), /Recovery documents must/);
    await second.saveRecovery([]);
    assert.deepEqual(await make().loadRecovery(), []);
    assert.deepEqual(readdirSync(dirs.state).filter((f) => f.endsWith('.tmp')), []);
  });
});

describe('templates', () => {
  it('lists templates by id with the name and description of each document', async () => {
    assert.deepEqual(await make().listTemplates(), [
      { id: 'another', name: 'Another', description: 'Another one.' },
      { id: 'tiny', name: 'Tiny', description: 'A tiny test pipeline.' },
    ]);
  });

  it('opens a template as a new, unsaved document, and refuses ids that are not templates', async () => {
    const host = make();
    const opened = await host.openTemplate('tiny');
    assert.equal(opened.path, null);
    assert.equal(opened.name, 'tiny.fedflow.json');
    assert.equal(opened.text, readFileSync(join(dirs.templates, 'tiny.fedflow.json'), 'utf8'));
    for (const id of ['../workspace/valid', '..', 'a/b', '.hidden', 'readme', '', 'tiny.fedflow.json']) {
      await assert.rejects(host.openTemplate(id), /There is no template/, id);
    }
  });
});

describe('runs', () => {
  it('runs an unsaved template over the host: events, one step at a time, then stop', async () => {
    const host = make();
    const events: HostRunEvent[] = [];
    host.onRunEvent((e) => events.push(e));
    const { text } = await host.openTemplate('tiny');
    const { runId } = await host.startRun({ text, path: null, rounds: 50, startPaused: true });
    await host.controlRun(runId, 'step');
    const evaluated = await nextRunEvent(host, runId, (e) => e.type === 'evaluated');
    assert.equal(evaluated.type === 'evaluated' && evaluated.round, 1);
    const cancelled = nextRunEvent(host, runId, (e) => e.type === 'cancelled');
    await host.controlRun(runId, 'stop');
    await cancelled;
    const types = events.filter((e) => e.runId === runId).map((e) => e.event.type);
    assert.equal(types[0], 'run-started');
    assert.ok(types.includes('client-finished'));
    assert.equal(types.filter((t) => t === 'evaluated').length, 1);
    assert.equal(types.at(-1), 'cancelled');
    // A stop that arrives after the end is harmless; an unknown run is an error.
    await new Promise((r) => setTimeout(r, 10));
    await host.controlRun(runId, 'stop');
    await assert.rejects(host.controlRun('no-such-run', 'pause'), /no such run/);
  });

  it('refuses to start an invalid document, naming node and field', async () => {
    const host = make();
    const text = tinyPipelineText().replace('"numClients": 2', '"numClients": -3');
    await assert.rejects(host.startRun({ text, path: null }), (e: Error) => {
      assert.match(e.message, /^The pipeline cannot run:/);
      assert.match(e.message, /node split params\.numClients/);
      // The same problems as values, for the wire to carry (test/engine/host/webHost.test.ts).
      assert.ok(e instanceof HostError);
      assert.deepEqual(
        e.problems.map((p) => [p.severity, p.nodeId, p.field]),
        [['error', 'split', 'params.numClients']],
      );
      return true;
    });
    await assert.rejects(host.startRun({ text: '{', path: null }), /not valid JSON/);
  });

  it('in web mode refuses data files outside the workspace and the templates', async () => {
    const host = make();
    const doc = JSON.parse(tinyPipelineText());
    doc.nodes[0].params = { source: 'csv', path: '../../../../etc/passwd', labelColumn: 'y' };
    writeFileSync(join(dirs.workspace, 'csv.fedflow.json'), JSON.stringify(doc));
    await assert.rejects(
      host.startRun({ text: JSON.stringify(doc), path: join(dirs.workspace, 'csv.fedflow.json') }),
      /node data params\.path: '\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd' is outside the workspace/,
    );
    await assert.rejects(host.startRun({ text: tinyPipelineText(), path: '../elsewhere.fedflow.json' }), /inside its workspace/);
  });

  it('exports a finished run as an HTML report (web: the text; Electron: where the user chose), and writes it next to the metrics', async () => {
    const runsDir = join(dirs.root, 'report-runs');
    const host = make({ runsDir });
    const text = tinyPipelineText(2);
    await assert.rejects(host.exportReport(text, null, 'no-such-run'), /no finished run/);
    const { runId, outDir } = await host.startRun({ text, path: null });
    const finished = await nextRunEvent(host, runId, (e) => e.type === 'finished');
    assert.equal(finished.type, 'finished');
    const result = await host.exportReport(text, null, runId);
    assert.equal(result.path, null);
    assert.match(result.text, /^<!DOCTYPE html>/);
    assert.match(result.text, /Tiny/);
    assert.doesNotMatch(result.text, /<script/i);
    for (let i = 0; i < 100 && !(outDir && existsSync(join(outDir, 'report.html'))); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(outDir && existsSync(join(outDir, 'report.html')), 'report.html in the run folder');

    const chosen = join(dirs.root, 'chosen-report.html');
    const electron = make({ host: 'electron', runsDir, pickSavePath: async (r) => (assert.equal(r.kind, 'report'), assert.match(r.suggestedName, /\.html$/), chosen) });
    const second = await electron.startRun({ text, path: null });
    await nextRunEvent(electron, second.runId, (e) => e.type === 'finished');
    const saved = await electron.exportReport(text, null, second.runId);
    assert.equal(saved.path, chosen);
    assert.equal(readFileSync(chosen, 'utf8'), saved.text);
  });

  it('exports a pipeline as a script (web: the text, no file)', async () => {
    const result = await make().exportScript(tinyPipelineText(), null);
    assert.equal(result.path, null);
    assert.match(result.text, /fedflow-studio/);
    assert.ok(!existsSync(join(dirs.workspace, 'Tiny.ts')));
  });
});

/**
 * Two tabs (or windows) on one file, as the workbench's Save drives them (store/changedOnDisk.ts, behind
 * fileActions' Save): each window its own documents store, one real Node host behind both, the
 * "changed on disk" dialog answered by the test. The later save never silently replaces the earlier one.
 */
import assert from 'node:assert/strict';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import type { HostApi } from '../../../engine/host/hostApi.js';
import { createNodeHost, type NodeHost } from '../../../engine/host/nodeHost.js';
import { checkDiskVersions, reloadTab, saveTab, type ChangedOnDiskChoice } from '../../../renderer/src/store/changedOnDisk.js';
import { createDocumentsStore } from '../../../renderer/src/store/documentsStore.js';
import { isDirty } from '../../../renderer/src/store/documentTab.js';
import { openText } from '../../../renderer/src/store/openText.js';
import { unsavedDocuments } from '../../../renderer/src/store/recoveryOffer.js';
import { documentText } from '../../../renderer/src/store/serialize.js';
import { makeHostDirs, tinyPipelineText, type HostDirs } from '../../engine/host/fixtures.js';

let dirs: HostDirs;
let host: NodeHost;
before(() => {
  dirs = makeHostDirs();
  host = createNodeHost({ host: 'web', workspaceDir: dirs.workspace, templatesDir: dirs.templates, stateDir: dirs.state });
});
after(async () => {
  await host.close();
  dirs.cleanup();
});

let files = 0;
/** A new pipeline file in the workspace; returns its path. */
function pipelineFile(): string {
  const path = join(dirs.workspace, `shared-${++files}.fedflow.json`);
  writeFileSync(path, tinyPipelineText());
  return path;
}

/** A window: its documents, the questions its dialog was asked and the answer it gives. */
function window(api: Pick<HostApi, 'saveFile' | 'openFile'> = host) {
  let n = 0;
  const documents = createDocumentsStore(() => `tab-${++n}`);
  const asked: string[] = [];
  const me = {
    documents,
    asked,
    answer: 'cancel' as ChangedOnDiskChoice,
    ctx: {
      host: api,
      documents,
      askChangedOnDisk: async (name: string) => {
        asked.push(name);
        return me.answer;
      },
    },
    /** Opens the file in a tab, as fileActions' openOpened does; returns the tab's key. */
    async open(path: string): Promise<string> {
      const file = (await api.openFile(path))!;
      return documents.getState().openDocument({ ...openText(file), ...(file.version ? { version: file.version } : {}) });
    },
    /** Renames the pipeline in the active tab: an edit. */
    rename(name: string) {
      documents.getState().setDocumentFields({ name });
    },
    tab: (key: string) => documents.getState().tabs.find((t) => t.key === key)!,
  };
  return me;
}

const nameOnDisk = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as PipelineDocument).name;

/** Two windows open one new file; A renames the pipeline and saves it, so B's tab is now behind the disk. */
async function savedByABehindB() {
  const path = pipelineFile();
  const a = window();
  const b = window();
  const inA = await a.open(path);
  const inB = await b.open(path);
  a.rename('Saved by A');
  assert.equal((await saveTab(a.ctx, inA)).kind, 'saved');
  return { path, a, b, inA, inB };
}

describe('two windows on one file', () => {
  it('the later save asks instead of replacing the earlier; Reload shows the disk’s version and Undo brings back the edits', async () => {
    const { path, b, inB } = await savedByABehindB();
    b.rename('Edited in B');

    b.answer = 'reload';
    assert.deepEqual(await saveTab(b.ctx, inB), { kind: 'reloaded' });
    assert.deepEqual(b.asked, ['shared-1.fedflow.json']);
    assert.equal(nameOnDisk(path), 'Saved by A', 'A’s save is kept');
    assert.equal(b.tab(inB).doc?.name, 'Saved by A');
    assert.equal(isDirty(b.tab(inB)), false, 'the reloaded tab is clean');

    b.documents.getState().undo();
    assert.equal(b.tab(inB).doc?.name, 'Edited in B', 'Undo brings back B’s edits');
    // Now at the disk's version, B's next save goes through without asking.
    assert.equal((await saveTab(b.ctx, inB)).kind, 'saved');
    assert.equal(b.asked.length, 1);
    assert.equal(nameOnDisk(path), 'Edited in B');
  });

  it('Overwrite writes this window’s document over the other’s, and the tab is clean at the version written', async () => {
    const { path, a, b, inA, inB } = await savedByABehindB();
    b.rename('Overwritten by B');
    b.answer = 'overwrite';
    const outcome = await saveTab(b.ctx, inB);
    assert.equal(outcome.kind, 'saved');
    assert.ok(outcome.kind === 'saved' && outcome.overwrote);
    assert.equal(nameOnDisk(path), 'Overwritten by B');
    assert.equal(isDirty(b.tab(inB)), false);
    // And now A is the one behind: its next save asks.
    a.rename('A again');
    assert.equal((await saveTab(a.ctx, inA)).kind, 'cancelled');
    assert.equal(a.asked.length, 1);
    assert.equal(nameOnDisk(path), 'Overwritten by B');
  });

  it('Save As is handed back to the Save As flow, and Cancel leaves the file and the tab as they were', async () => {
    const { path, b, inB } = await savedByABehindB();
    b.rename('Edited in B');
    b.answer = 'save-as';
    assert.deepEqual(await saveTab(b.ctx, inB), { kind: 'save-as' });
    b.answer = 'cancel';
    assert.deepEqual(await saveTab(b.ctx, inB), { kind: 'cancelled' });
    assert.equal(nameOnDisk(path), 'Saved by A');
    assert.equal(b.tab(inB).doc?.name, 'Edited in B');
    assert.equal(isDirty(b.tab(inB)), true);
  });

  it('a save that an edit overtakes still records the version it wrote, so the next save is not taken for a conflict', async () => {
    const path = pipelineFile();
    // A host that lets an edit in before its save answers, as typing during a slow save would.
    const typing = { during: () => undefined as void };
    const slow: Pick<HostApi, 'saveFile' | 'openFile'> = {
      openFile: (p) => host.openFile(p),
      saveFile: async (...args) => {
        const saved = await host.saveFile(...args);
        typing.during();
        return saved;
      },
    };
    const w = window(slow);
    typing.during = () => w.rename('Typed while saving');
    const key = await w.open(path);
    w.rename('First save');
    assert.equal((await saveTab(w.ctx, key)).kind, 'saved');
    assert.equal(nameOnDisk(path), 'First save');
    assert.equal(isDirty(w.tab(key)), true, 'what was typed meanwhile is not saved');
    assert.equal((await saveTab(w.ctx, key)).kind, 'saved');
    assert.deepEqual(w.asked, [], 'no dialog: the file holds what this tab wrote');
    assert.equal(nameOnDisk(path), 'Typed while saving');
  });

  it('Reload of a file deleted since rejects and keeps the tab', async () => {
    const path = pipelineFile();
    const b = window();
    const key = await b.open(path);
    b.rename('Mine');
    unlinkSync(path);
    b.answer = 'reload';
    await assert.rejects(saveTab(b.ctx, key), /No such file/);
    assert.deepEqual(b.asked, [`shared-${files}.fedflow.json`]);
    assert.equal(b.tab(key).doc?.name, 'Mine');
    await assert.rejects(reloadTab(b.ctx, key), /No such file/);
  });
});

describe('when the window comes back into focus', () => {
  it('a clean tab whose file changed reloads quietly; a dirty one is marked and keeps its edits for recovery', async () => {
    const path = pipelineFile();
    const a = window();
    const b = window();
    const inA = await a.open(path);
    const clean = await b.open(path);
    const other = pipelineFile();
    const dirty = await b.open(other);
    b.rename('Unsaved in B');
    a.rename('Saved by A');
    await saveTab(a.ctx, inA);
    writeFileSync(other, tinyPipelineText().replace('"name": "Tiny"', '"name": "Changed elsewhere"'));

    assert.deepEqual(await checkDiskVersions(b.ctx), { reloaded: [clean], marked: [dirty] });
    assert.equal(b.tab(clean).doc?.name, 'Saved by A');
    assert.equal(isDirty(b.tab(clean)), false);
    assert.equal(b.tab(dirty).changedOnDisk, true);
    assert.equal(b.tab(dirty).doc?.name, 'Unsaved in B');
    // Crash recovery keeps the dirty tab's edits as before, and not the reloaded tab.
    assert.deepEqual(unsavedDocuments(b.documents.getState().tabs).map((d) => d.key), [dirty]);
    assert.deepEqual(await checkDiskVersions(b.ctx), { reloaded: [], marked: [dirty] }, 'nothing new the second time');

    // Its save asks; Reload clears the mark.
    b.answer = 'reload';
    assert.deepEqual(await saveTab(b.ctx, dirty), { kind: 'reloaded' });
    assert.equal(b.tab(dirty).changedOnDisk, undefined);
    assert.equal(b.tab(dirty).doc?.name, 'Changed elsewhere');
    assert.equal(documentText(b.tab(dirty).doc!), b.tab(dirty).savedText);
  });
});

/**
 * Crash recovery per window, as the Node host keeps it: each window's unsaved documents in its own slot,
 * so two windows on one studio never overwrite each other's; a bounded number of slots; and the single
 * list that hosts kept before slots still read.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeHost, type NodeHost } from '../../../engine/host/nodeHost.js';
import { MAX_RECOVERY_SLOTS } from '../../../engine/host/recoverySlots.js';
import { makeHostDirs, type HostDirs } from './fixtures.js';

let dirs: HostDirs;
const hosts: NodeHost[] = [];
const make = () => {
  const host = createNodeHost({ host: 'electron', workspaceDir: dirs.workspace, templatesDir: dirs.templates, stateDir: dirs.state });
  hosts.push(host);
  return host;
};
const doc = (key: string, text = `{"${key}": 1}`) => ({ key, name: `${key}.fedflow.json`, path: null, text });
const summary = async (host: NodeHost) => (await host.loadRecovery()).map((d) => `${d.slot}:${d.key}`);

before(() => {
  dirs = makeHostDirs();
});
after(async () => {
  await Promise.all(hosts.map((h) => h.close()));
  dirs.cleanup();
});

describe('crash recovery per window', () => {
  it("two windows keep their unsaved documents side by side; clearing one's leaves the other's", async () => {
    const host = make();
    await host.saveRecovery([doc('a1'), doc('a2')], 'window-a');
    await host.saveRecovery([doc('b1')], 'window-b');
    await host.saveRecovery([doc('a1', '{"edited": true}')], 'window-a');
    assert.deepEqual(await summary(host), ['window-a:a1', 'window-b:b1']);
    assert.equal((await host.loadRecovery())[0].text, '{"edited": true}');
    const kept = await make().loadRecovery();
    assert.ok(kept.every((d) => typeof d.savedAt === 'number' && d.savedAt > 0), 'each with when it was saved');
    await host.saveRecovery([], 'window-b');
    assert.deepEqual(await summary(make()), ['window-a:a1']);
    await host.saveRecovery([], 'window-a');
  });

  it(`keeps at most ${MAX_RECOVERY_SLOTS} windows' documents, dropping the window that saved longest ago`, async () => {
    const host = make();
    for (let i = 0; i <= MAX_RECOVERY_SLOTS; i++) await host.saveRecovery([doc(`d${i}`)], `w${i}`);
    const slots = new Set((await host.loadRecovery()).map((d) => d.slot));
    assert.equal(slots.size, MAX_RECOVERY_SLOTS);
    assert.ok(!slots.has('w0') && slots.has(`w${MAX_RECOVERY_SLOTS}`));
    for (const s of slots) await host.saveRecovery([], s);
  });

  it('refuses a slot name that is not a short id', async () => {
    for (const slot of ['', '../x', 'a'.repeat(65), 'a b', 42]) {
      await assert.rejects(make().saveRecovery([doc('x')], slot as string), /recovery slot is named by/, String(slot));
    }
  });

  it('still reads the one list of documents an older version kept, as a window of its own', async () => {
    const state = join(dirs.root, 'old-state');
    mkdirSync(state, { recursive: true });
    writeFileSync(join(state, 'recovery.json'), JSON.stringify([doc('old')]));
    const host = createNodeHost({ host: 'electron', workspaceDir: dirs.workspace, templatesDir: dirs.templates, stateDir: state });
    hosts.push(host);
    assert.deepEqual(await summary(host), ['default:old']);
    await host.saveRecovery([doc('new')], 'window-n');
    assert.deepEqual(await summary(host), ['window-n:new', 'default:old']);
  });
});

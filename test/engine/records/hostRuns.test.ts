/**
 * The workbench's runs go into the run store too: the Node host (Electron and the web studio) gives each
 * run a folder of its own, so two runs started at once no longer share one, and the store lists them.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeHost, type NodeHost } from '../../../engine/host/nodeHost.js';
import { listRuns } from '../../../engine/records/runStore.js';
import { makeHostDirs, nextRunEvent, tinyPipelineText, type HostDirs } from '../host/fixtures.js';

let dirs: HostDirs;
let host: NodeHost;
before(() => {
  dirs = makeHostDirs();
  host = createNodeHost({ host: 'web', workspaceDir: dirs.workspace, templatesDir: dirs.templates, stateDir: dirs.state, runsDir: join(dirs.root, 'runs'), runDefaults: { workers: 1, backend: 'wasm' } });
});
after(async () => {
  await host.close();
  dirs.cleanup();
});

describe('runs started from the workbench', () => {
  it('get a folder each, even when started together, and are listed with their figures', async () => {
    const text = tinyPipelineText(1);
    const [a, b] = await Promise.all([host.startRun({ text, path: null }), host.startRun({ text, path: null })]);
    assert.notEqual(a.outDir, b.outDir);
    await Promise.all([a, b].map((r) => nextRunEvent(host, r.runId, (e) => e.type === 'finished')));
    // The manifest's last write follows the finished event: wait on the run store, not on a timer.
    const { runs } = await waitFor(async () => {
      const listed = await listRuns(join(dirs.root, 'runs'));
      return listed.runs.length === 2 && listed.runs.every((r) => r.status === 'finished') ? listed : undefined;
    });
    assert.deepEqual(runs.map((r) => r.id).sort(), [a.runId, b.runId].sort());
    assert.ok(runs.every((r) => r.name === 'Tiny' && r.federations[0].roundsDone === 1));
  });
});

/** Polls `check` on each turn of the event loop until it gives a value (bounded, so a bug fails rather than hangs). */
async function waitFor<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 2000; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error('the run store never showed both runs finished');
}

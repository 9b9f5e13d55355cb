/** The compiled preload, run as a sandboxed preload runs (test/electron/loadPreload.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOST_METHODS, type HostApi } from '../../engine/host/hostApi.js';
import { HostError, withHostErrors } from '../../engine/host/hostError.js';
import { HOST_CHANNEL_PREFIX, RUN_EVENT_CHANNEL } from '../../electron/ipcChannels.js';
import { loadPreload } from './loadPreload.js';

describe('the preload', () => {
  it('requires nothing but electron and exposes window.fedflow only', () => {
    const loaded = loadPreload(() => ({ ok: true, result: null }));
    assert.deepEqual(loaded.required, ['electron']);
    assert.deepEqual([...loaded.exposed.keys()], ['fedflow']);
  });

  it('exposes exactly one function per HOST_METHODS entry, plus onRunEvent — no ipcRenderer', () => {
    const api = loadPreload(() => ({ ok: true, result: null })).exposed.get('fedflow') as Record<string, unknown>;
    assert.deepEqual(Object.keys(api).sort(), [...HOST_METHODS, 'onRunEvent'].sort());
    for (const value of Object.values(api)) assert.equal(typeof value, 'function');
  });

  it("invokes each method's own channel with its arguments and resolves with the result", async () => {
    const loaded = loadPreload((channel, args) => ({ ok: true, result: { channel, args } }));
    const api = loaded.exposed.get('fedflow') as HostApi;
    for (const method of HOST_METHODS) {
      const result = await (api[method] as (...a: unknown[]) => Promise<unknown>)('a', 2);
      assert.deepEqual(result, { channel: `${HOST_CHANNEL_PREFIX}${method}`, args: ['a', 2] });
    }
    assert.deepEqual(loaded.invoked.map((i) => i.channel), HOST_METHODS.map((m) => `fedflow:${m}`));
  });

  it("rejects with the host's own message", async () => {
    const api = loadPreload(() => ({ ok: false, error: { message: 'No such file: /x.fedflow.json' } })).exposed.get('fedflow') as HostApi;
    await assert.rejects(api.openFile('/x.fedflow.json'), { message: 'No such file: /x.fedflow.json' });
  });

  it('rejects with the problems as a plain value, which the page turns back into a HostError', async () => {
    const problems = [{ severity: 'error', nodeId: 'data', field: 'params.path', message: "'/etc/passwd' is outside the workspace folder." }];
    const api = loadPreload(() => ({ ok: false, error: { message: 'The pipeline cannot run:', problems } })).exposed.get('fedflow') as HostApi;
    // Not an Error: contextBridge would copy an Error into the page with its message only.
    await assert.rejects(api.startRun({ text: '{}', path: null }), (e: unknown) => {
      assert.ok(!(e instanceof Error));
      assert.deepEqual(structuredClone(e), { name: 'HostError', message: 'The pipeline cannot run:', problems });
      return true;
    });
    // renderer/src/host.ts wraps window.fedflow so.
    await assert.rejects(withHostErrors(api).startRun({ text: '{}', path: null }), (e: unknown) => {
      assert.ok(e instanceof HostError);
      assert.equal(e.message, 'The pipeline cannot run:');
      assert.deepEqual(e.problems, problems);
      return true;
    });
  });

  it('relays run events to subscribers until they unsubscribe', () => {
    const loaded = loadPreload(() => ({ ok: true, result: null }));
    const api = loaded.exposed.get('fedflow') as HostApi;
    const seen: unknown[] = [];
    const off = api.onRunEvent((e) => seen.push(e));
    const channel = loaded.listeners.get(RUN_EVENT_CHANNEL);
    assert.equal(channel?.size, 1);
    const event = { runId: 'r', event: { type: 'paused', round: 1 } };
    for (const l of channel!) l({ sender: 'ipc event, not passed on' }, event);
    assert.deepEqual(seen, [event]);
    off();
    assert.equal(channel!.size, 0);
    assert.throws(() => api.onRunEvent('nope' as never), /needs a function/);
  });
});

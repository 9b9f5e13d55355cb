/** A reload brings the window's tabs back: which documents, their order, the active one, and what was unsaved. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LiveRun } from '../../../engine/host/hostApi.js';
import { isDirty } from '../../../renderer/src/store/documentTab.js';
import { createDocumentsStore, emptyDocument } from '../../../renderer/src/store/documentsStore.js';
import { attachLiveRun } from '../../../renderer/src/store/replayRun.js';
import { createRunStore } from '../../../renderer/src/store/runStore.js';
import {
  keepSessionTabs,
  MAX_SESSION_CHARS,
  parseSessionTabs,
  restoreSessionTabs,
  SESSION_TABS_KEY,
  type TabStorage,
} from '../../../renderer/src/store/sessionTabs.js';
import { mnistTemplate } from './fixtures.js';

/** sessionStorage as a map, and a page whose timers and pagehide the test fires. */
function page(session = new Map<string, string>()) {
  const storage: TabStorage = {
    getItem: (k) => session.get(k) ?? null,
    setItem: (k, v) => void session.set(k, v),
    removeItem: (k) => void session.delete(k),
  };
  let n = 0;
  const documents = createDocumentsStore(() => `tab-${++n}`);
  let timer: (() => void) | null = null;
  let leave: (() => void) | null = null;
  const stop = keepSessionTabs(storage, documents, {
    setTimer: (run) => (timer = run),
    clearTimer: () => (timer = null),
    onLeave: (flush) => {
      leave = flush;
      return () => (leave = null);
    },
  });
  return {
    session,
    storage,
    documents,
    stop,
    rest: () => {
      timer?.();
      timer = null;
    },
    leave: () => leave?.(),
    /** The page loads again on the same sessionStorage. */
    reload() {
      stop();
      const next = page(session);
      const kept = parseSessionTabs(session.get(SESSION_TABS_KEY) ?? null);
      return { ...next, restored: kept ? restoreSessionTabs(next.documents, kept) : new Set<string>() };
    },
  };
}

const summary = (p: ReturnType<typeof page>) =>
  p.documents.getState().tabs.map((t) => ({ key: t.key, name: t.name, path: t.path, dirty: isDirty(t), nodes: t.doc?.nodes.length, version: t.diskVersion }));

describe('the tabs of a window over a reload', () => {
  it('come back in order, with their keys, the active one active, saved ones clean and edited ones unsaved, each file at the version it read', () => {
    const p = page();
    const docs = p.documents.getState();
    docs.openDocument({ name: 'mnist-fedavg.fedflow.json', path: '/work/mnist-fedavg.fedflow.json', doc: mnistTemplate(), version: '0123456789abcdef' });
    docs.openDocument({ name: 'Draft', path: null, doc: emptyDocument('Draft') });
    p.documents.getState().addNode('note', { x: 0, y: 0 });
    const before = summary(p);
    const active = p.documents.getState().activeKey;
    // The page goes away before the debounce ends: what it had is written at once.
    p.leave();

    const after = p.reload();
    assert.deepEqual(summary(after), before);
    assert.equal(after.documents.getState().activeKey, active);
    assert.deepEqual([...after.restored], before.map((t) => t.key));
    assert.deepEqual(
      before.map((t) => [t.name, t.dirty]),
      [
        ['mnist-fedavg.fedflow.json', false],
        ['Draft', true],
      ],
    );
  });

  it('leave out a run’s read-only tab, which reattaching reopens', () => {
    const p = page();
    p.documents.getState().openDocument({ name: 'Run · abc', path: null, doc: mnistTemplate(), readOnly: { runId: 'r-1' } });
    p.rest();
    assert.deepEqual(summary(p.reload()), []);
  });

  it('are not kept past the size sessionStorage can hold, and what was kept before is dropped, not left stale', () => {
    const p = page();
    p.documents.getState().openDocument({ name: 'Small', path: null, doc: emptyDocument('Small') });
    p.rest();
    assert.ok(p.session.has(SESSION_TABS_KEY));
    p.documents.getState().openDocument({ name: 'Huge', path: null, doc: { ...emptyDocument('Huge'), description: 'x'.repeat(MAX_SESSION_CHARS) } });
    p.rest();
    assert.equal(p.session.has(SESSION_TABS_KEY), false);
  });

  it('ignore what sessionStorage holds when it is not this version’s shape', () => {
    assert.equal(parseSessionTabs('{"version":99,"tabs":[]}'), null);
    assert.equal(parseSessionTabs('not json'), null);
    const kept = parseSessionTabs(JSON.stringify({ version: 1, tabs: [{ key: 'k', name: 3 }, { key: 'a', name: 'A', path: null, text: '{}', dirty: true }], activeKey: 7 }));
    assert.deepEqual(kept, { version: 1, tabs: [{ key: 'a', name: 'A', path: null, text: '{}', dirty: true }], activeKey: null });
  });

  it('let a live run reattach to the unsaved tab it was started from, not to a read-only copy beside it', () => {
    const p = page();
    const doc = { ...mnistTemplate(), name: 'Edited template' };
    p.documents.getState().openDocument({ name: 'Edited template', path: null, doc, unsaved: true });
    p.leave();
    p.rest();
    const after = p.reload();
    const key = after.documents.getState().tabs[0]!.key;
    const live: LiveRun = { runId: 'r-2', doc: JSON.parse(JSON.stringify(doc)), path: null, paused: false, events: [] };
    const runs = createRunStore();
    assert.ok(attachLiveRun(runs, after.documents, [live]));
    assert.equal(runs.getState().tabKey, key);
    assert.equal(after.documents.getState().tabs.length, 1);
  });
});

/**
 * Crash recovery with several windows on one studio, as the workbench drives it: each window claims its own
 * slot (kept over a reload, new for a new or duplicated tab), autosaves its unsaved documents there, and is
 * offered its own documents and those of windows that have closed — never an open window's. One real Node
 * host stands behind every window; Web Locks and timers are fakes, so the tests wait on nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { HostApi } from '../../../engine/host/hostApi.js';
import { createNodeHost, type NodeHost } from '../../../engine/host/nodeHost.js';
import { createDocumentsStore, emptyDocument, type DocumentsStore } from '../../../renderer/src/store/documentsStore.js';
import { startRecoveryAutosave } from '../../../renderer/src/store/recoveryAutosave.js';
import { discardOffer, documentsToOffer, offerText, offersOwnSlot, restoreOffer } from '../../../renderer/src/store/recoveryOffer.js';
import { claimRecoverySlot, type SlotLocks, type SlotStorage } from '../../../renderer/src/store/recoverySlot.js';
import { makeHostDirs, type HostDirs } from '../../engine/host/fixtures.js';

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

/** A browser: its Web Locks (released when the window holding them closes) and its windows. */
function browser() {
  const held = new Map<string, object>();
  let ids = 0;
  const win = (session: Map<string, string> = new Map()) => {
    const me = {};
    const locks: SlotLocks = {
      hold: async (slot) => {
        if (held.has(slot) && held.get(slot) !== me) return false;
        held.set(slot, me);
        return true;
      },
      held: async () => new Set(held.keys()),
    };
    const storage: SlotStorage = { getItem: (k) => session.get(k) ?? null, setItem: (k, v) => void session.set(k, v) };
    const close = () => {
      for (const [slot, owner] of held) if (owner === me) held.delete(slot);
    };
    return { locks, storage, session, close, claim: () => claimRecoverySlot(storage, locks, () => `slot-${++ids}`) };
  };
  return { win };
}

/** A workbench window: its documents, its slot, and its autosave with timers the test fires. */
async function workbench(w: ReturnType<ReturnType<typeof browser>['win']>) {
  const slot = await w.claim();
  const documents: DocumentsStore = createDocumentsStore();
  const pending: Promise<unknown>[] = [];
  // The host as the window sees it; every save is remembered so the test can wait for it.
  const seen: Pick<HostApi, 'saveRecovery' | 'loadRecovery'> = {
    saveRecovery: (docs, s) => {
      const p = host.saveRecovery(docs, s);
      pending.push(p);
      return p;
    },
    loadRecovery: () => host.loadRecovery(),
  };
  let offer = [] as Awaited<ReturnType<HostApi['loadRecovery']>>;
  let timer: (() => void) | null = null;
  const stop = startRecoveryAutosave({
    documents,
    host: seen,
    slot,
    holdOwnSlot: () => offersOwnSlot(offer, slot),
    setTimer: (run) => (timer = run),
    clearTimer: () => (timer = null),
  });
  const ctx = { host: seen, documents, slot };
  return {
    slot,
    documents,
    /** Opens a new document and edits it, so it is unsaved. */
    edit(name: string) {
      documents.getState().openDocument({ name, path: null, doc: emptyDocument(name) });
      documents.getState().addNode('note', { x: 0, y: 0 });
    },
    /** The autosave's debounce ends; resolves once its save is written. */
    async rest() {
      timer?.();
      timer = null;
      await Promise.all(pending);
    },
    /** Start-up: what the banner offers this window, leaving out the tabs a reload brought back (`restored`, by key). */
    async bootstrap(restored?: ReadonlySet<string>) {
      offer = documentsToOffer(await host.loadRecovery(), slot, await w.locks.held(), restored);
      return offer;
    },
    async restore() {
      const o = offer;
      offer = [];
      await restoreOffer(ctx, o);
    },
    async discard() {
      const o = offer;
      offer = [];
      await discardOffer(ctx, o);
    },
    close() {
      stop();
      w.close();
    },
  };
}

const names = (docs: { name: string }[]) => docs.map((d) => d.name).sort();
const keptBySlot = async () => {
  const by = new Map<string, string[]>();
  for (const d of await host.loadRecovery()) by.set(d.slot, [...(by.get(d.slot) ?? []), d.name].sort());
  return by;
};

describe('a window’s recovery slot', () => {
  it('is kept over a reload, and new in a second window or a duplicated tab', async () => {
    const b = browser();
    const first = b.win();
    const slot = await first.claim();
    // Another window: a fresh sessionStorage.
    assert.notEqual(await b.win().claim(), slot);
    // A duplicated tab copies the sessionStorage, but the first window still holds the slot.
    assert.notEqual(await b.win(new Map(first.session)).claim(), slot);
    // A reload: the same sessionStorage, the lock released with the old page.
    first.close();
    assert.equal(await b.win(first.session).claim(), slot);
  });
});

describe('crash recovery with two windows on one studio', () => {
  it("keeps each window's unsaved documents apart, and offers a closed window's to the next, never an open one's", async () => {
    const b = browser();
    const a = await workbench(b.win());
    const w2 = await workbench(b.win());
    a.edit('Alpha');
    await a.rest();
    w2.edit('Beta');
    await w2.rest();
    // Before slots, Beta's save replaced Alpha's.
    assert.deepEqual(await keptBySlot(), new Map([[w2.slot, ['Beta']], [a.slot, ['Alpha']]]));

    // A third window while both are open: nothing to offer.
    const c = await workbench(b.win());
    assert.deepEqual(await c.bootstrap(), []);

    // Alpha's window crashes; the next window is offered Alpha only.
    a.close();
    const d = await workbench(b.win());
    const offer = await d.bootstrap();
    assert.deepEqual(names(offer), ['Alpha']);
    assert.match(offerText(offer, d.slot, offer[0].savedAt + 5 * 60_000), /^“Alpha” was not saved in a window that has closed \(last changed 5 minutes ago\)\.$/);
    await d.restore();
    assert.deepEqual(names(d.documents.getState().tabs), ['Alpha']);
    // Alpha now lives in this window's slot only, so no other window is offered it again.
    assert.deepEqual(await keptBySlot(), new Map([[d.slot, ['Alpha']], [w2.slot, ['Beta']]]));
    assert.deepEqual(await (await workbench(b.win())).bootstrap(), []);
    for (const w of [w2, c, d]) w.close();
    await host.saveRecovery([], d.slot);
    await host.saveRecovery([], w2.slot);
  });

  it("offers a reloaded window its own documents, keeps them safe while offered, and Discard keeps what is open unsaved now", async () => {
    const b = browser();
    const win = b.win();
    const first = await workbench(win);
    first.edit('Gamma');
    await first.rest();
    first.close();

    const reloaded = await workbench(b.win(win.session));
    assert.equal(reloaded.slot, first.slot);
    const offer = await reloaded.bootstrap();
    assert.equal(offerText(offer, reloaded.slot), '“Gamma” was not saved when this window last closed.');
    // A new edit while the banner is up must not overwrite Gamma.
    reloaded.edit('Delta');
    await reloaded.rest();
    assert.deepEqual(await keptBySlot(), new Map([[reloaded.slot, ['Gamma']]]));
    await reloaded.discard();
    assert.deepEqual(await keptBySlot(), new Map([[reloaded.slot, ['Delta']]]));
    reloaded.close();
    await host.saveRecovery([], reloaded.slot);
  });

  it('does not offer a reloaded window the documents its restored tabs already show, but still what they lack', async () => {
    const b = browser();
    const win = b.win();
    const first = await workbench(win);
    first.edit('Epsilon');
    first.edit('Zeta');
    await first.rest();
    const epsilon = first.documents.getState().tabs.find((t) => t.name === 'Epsilon')!.key;
    first.close();

    // The reload brought Epsilon's tab back from sessionStorage; Zeta's was lost with it.
    const reloaded = await workbench(b.win(win.session));
    assert.deepEqual(names(await reloaded.bootstrap(new Set([epsilon]))), ['Zeta']);
    reloaded.close();
    await host.saveRecovery([], reloaded.slot);
  });

  it('restores a file’s unsaved edits with the version of the file they were made on, so their save is still checked', async () => {
    const b = browser();
    const first = await workbench(b.win());
    first.documents.getState().openDocument({ name: 'eta.fedflow.json', path: '/work/eta.fedflow.json', doc: emptyDocument('Eta'), version: 'feedfacecafebeef' });
    first.documents.getState().addNode('note', { x: 0, y: 0 });
    await first.rest();
    first.close();

    const next = await workbench(b.win());
    assert.deepEqual(names(await next.bootstrap()), ['eta.fedflow.json']);
    await next.restore();
    const tab = next.documents.getState().tabs[0]!;
    assert.equal(tab.path, '/work/eta.fedflow.json');
    assert.equal(tab.diskVersion, 'feedfacecafebeef');
    next.close();
    await host.saveRecovery([], next.slot);
  });
});

/** The desktop window stays on the app's own page: its preferences, and the guards on every web contents. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WebContents } from 'electron';
import { guardContents, mainWindowOptions } from '../../electron/windowOptions.js';

type Listener = (event: { preventDefault(): void; isMainFrame?: boolean }) => void;

/** A web contents that records the guards put on it. */
function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on: (event: string, listener: Listener) => {
      listeners.set(event, listener);
      return contents;
    },
    setWindowOpenHandler: (handler: typeof openHandler) => {
      openHandler = handler;
    },
  };
  /** Fires `event` and says whether a guard prevented it. */
  const fire = (event: string, extra: { isMainFrame?: boolean } = {}) => {
    let prevented = false;
    listeners.get(event)?.({ preventDefault: () => (prevented = true), ...extra });
    return prevented;
  };
  return { contents: contents as unknown as WebContents, fire, open: (url: string) => openHandler?.({ url }) };
}

describe('the desktop window', () => {
  it('is sandboxed and isolated, without Node, and with middle-click (auxclick) on links switched off', () => {
    const prefs = mainWindowOptions('/app/preload.cjs').webPreferences!;
    assert.equal(prefs.preload, '/app/preload.cjs');
    assert.equal(prefs.sandbox, true);
    assert.equal(prefs.contextIsolation, true);
    assert.equal(prefs.nodeIntegration, false);
    assert.equal(prefs.nodeIntegrationInSubFrames, false);
    assert.equal(prefs.webviewTag, false);
    assert.ok(prefs.disableBlinkFeatures?.split(',').includes('Auxclick'), String(prefs.disableBlinkFeatures));
  });

  it('opens no window for any link or window.open, and hands https links to the browser', () => {
    const opened: string[] = [];
    const { contents, open } = fakeContents();
    guardContents(contents, (url) => opened.push(url));
    for (const url of ['https://flower.ai/docs', 'http://example.com', 'app://fedflow/index.html', 'file:///etc/passwd', 'javascript:alert(1)']) {
      assert.deepEqual(open(url), { action: 'deny' }, url);
    }
    assert.deepEqual(opened, ['https://flower.ai/docs']);
  });

  it('refuses navigation of the page or of a frame in it, and webviews', () => {
    const { contents, fire } = fakeContents();
    guardContents(contents, () => undefined);
    assert.equal(fire('will-navigate'), true);
    assert.equal(fire('will-frame-navigate', { isMainFrame: false }), true);
    assert.equal(fire('will-attach-webview'), true);
  });
});

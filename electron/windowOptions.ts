/**
 * How the app's windows are made and kept on the app's own page, as plain values and functions so they are
 * tested without Electron (test/electron/windowOptions.test.ts): the main window's preferences, and the
 * guards every web contents gets — no navigation away, no webviews, no new windows (https links open in the
 * user's browser instead).
 */
import type { BrowserWindowConstructorOptions, WebContents } from 'electron';
import { isExternalLink } from './appUrl.js';

/** The main window's options: sandboxed, isolated, no Node, and no middle-click (auxclick) on links. */
export function mainWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'FedFlow Studio',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // A middle-click on a link fires `auxclick` and asks for a new window; the page has no use for it.
      // (Middle-click closes an editor tab on mousedown, which this does not touch.)
      disableBlinkFeatures: 'Auxclick',
    },
  };
}

/** What a window-open request is answered: always denied; an https link is handed to the user's browser. */
export function windowOpenAnswer(url: string, openExternal: (url: string) => void): { action: 'deny' } {
  if (isExternalLink(url)) openExternal(url);
  return { action: 'deny' };
}

/**
 * Guards one web contents: navigation of the page or of any frame in it is refused (the app is one page,
 * whose own links change the hash, which is no navigation), webviews are refused, and every window-open
 * request — `window.open`, `target=_blank`, a middle- or shift-click on a link — is denied.
 */
export function guardContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => windowOpenAnswer(url, openExternal));
}

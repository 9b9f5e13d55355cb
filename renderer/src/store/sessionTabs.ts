/**
 * The window's open tabs, kept in sessionStorage so a reload brings them back as they were: which documents,
 * in which order, which one is active, and which have unsaved changes. sessionStorage is the right place: a
 * reload keeps it, a new window starts without it, and it is written synchronously, so the last state is
 * kept even when the page goes away mid-edit. Crash recovery (recoveryOffer.ts) stays the net for what
 * sessionStorage loses with its window; the documents restored here are not offered again.
 */
import type { DocumentsStore } from './documentsStore.js';
import type { DocumentTab } from './documentTab.js';
import { isDirty } from './documentTab.js';
import { openText } from './openText.js';
import { documentText } from './serialize.js';

/** The sessionStorage key of the window's tabs. */
export const SESSION_TABS_KEY = 'fedflow-session-tabs';
/** Version of what is kept under that key; another version is ignored, never misread. */
const SESSION_TABS_VERSION = 1;
/**
 * Past this many characters the tabs are not kept (sessionStorage holds about 5 MB per origin): the unsaved
 * ones are still kept by crash recovery, and the banner offers them after the reload.
 */
export const MAX_SESSION_CHARS = 2_000_000;

/** One kept tab: enough to reopen it as it was. */
export interface SessionTab {
  key: string;
  name: string;
  path: string | null;
  /** The document's text now. */
  text: string;
  /** Whether it had changes not saved. */
  dirty: boolean;
  /** The version of its file it last read or wrote, so a save after the reload is still checked against the disk. */
  version?: string;
}

/** What is kept for the window. */
export interface SessionTabs {
  version: typeof SESSION_TABS_VERSION;
  tabs: SessionTab[];
  activeKey: string | null;
}

/** The part of sessionStorage used here. */
export interface TabStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * The tabs worth bringing back: every editable document. A stored or live run's read-only tab is not kept
 * (reattaching or the Runs view reopens it), nor is a file that could not be read (reopen it from disk).
 */
export function sessionTabsOf(tabs: readonly DocumentTab[], activeKey: string | null): SessionTabs {
  const kept = tabs
    .filter((t) => t.doc && !t.readOnly)
    .map((t) => ({
      key: t.key,
      name: t.name,
      path: t.path,
      text: documentText(t.doc!),
      dirty: isDirty(t),
      ...(t.diskVersion ? { version: t.diskVersion } : {}),
    }));
  return { version: SESSION_TABS_VERSION, tabs: kept, activeKey: kept.some((t) => t.key === activeKey) ? activeKey : null };
}

const isString = (v: unknown): v is string => typeof v === 'string';

/** Reads what was kept; null when nothing was, or it is not this version's shape (it is then ignored, never trusted). */
export function parseSessionTabs(text: string | null): SessionTabs | null {
  if (!text) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const v = value as Partial<SessionTabs> | null;
  if (!v || v.version !== SESSION_TABS_VERSION || !Array.isArray(v.tabs)) return null;
  const tabs = v.tabs.filter(
    (t): t is SessionTab =>
      !!t &&
      isString(t.key) &&
      isString(t.name) &&
      (t.path === null || isString(t.path)) &&
      isString(t.text) &&
      typeof t.dirty === 'boolean' &&
      (t.version === undefined || isString(t.version)),
  );
  return { version: SESSION_TABS_VERSION, tabs, activeKey: isString(v.activeKey) ? v.activeKey : null };
}

/**
 * Reopens the kept tabs, in order, with their keys; unsaved ones open dirty. Returns the keys restored, so
 * the recovery banner does not offer the same documents again.
 */
export function restoreSessionTabs(documents: DocumentsStore, kept: SessionTabs): Set<string> {
  const restored = new Set<string>();
  for (const t of kept.tabs) {
    if (documents.getState().tabs.some((open) => open.key === t.key)) continue;
    documents.getState().openDocument({
      ...openText({ name: t.name, path: t.path, text: t.text }),
      key: t.key,
      unsaved: t.dirty,
      ...(t.version ? { version: t.version } : {}),
    });
    restored.add(t.key);
  }
  if (kept.activeKey && restored.has(kept.activeKey)) documents.getState().setActive(kept.activeKey);
  return restored;
}

/** Timers and page events, passed in so tests drive them. */
export interface SessionTabsOptions {
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  /** Subscribes to the page going away (pagehide); returns the unsubscribe function. */
  onLeave?: (flush: () => void) => () => void;
}

/** How long the tabs must rest before they are written (every edit changes them). */
export const SESSION_TABS_DEBOUNCE_MS = 250;

/** Keeps the window's tabs in `storage` on every change (debounced, and at once when the page goes away); returns the stop function. */
export function keepSessionTabs(storage: TabStorage, documents: DocumentsStore, options: SessionTabsOptions = {}): () => void {
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  let timer: unknown;
  const write = () => {
    timer = undefined;
    const { tabs, activeKey } = documents.getState();
    const text = JSON.stringify(sessionTabsOf(tabs, activeKey));
    try {
      if (text.length > MAX_SESSION_CHARS) storage.removeItem(SESSION_TABS_KEY);
      else storage.setItem(SESSION_TABS_KEY, text);
    } catch {
      // Storage full or refused: a reload then reopens no tabs, and crash recovery offers the unsaved ones.
    }
  };
  const flush = () => {
    if (timer === undefined) return;
    clearTimer(timer);
    write();
  };
  const unsubscribe = documents.subscribe((s, prev) => {
    if (s.tabs === prev.tabs && s.activeKey === prev.activeKey) return;
    if (timer !== undefined) clearTimer(timer);
    timer = setTimer(write, SESSION_TABS_DEBOUNCE_MS);
  });
  const unLeave = options.onLeave?.(flush) ?? (() => undefined);
  return () => {
    flush();
    unsubscribe();
    unLeave();
  };
}

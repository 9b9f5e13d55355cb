/**
 * Saving a tab without silently replacing what another tab, window or program wrote to its file. Each
 * save passes the version the tab last read or wrote (DocumentTab.diskVersion); when the host refuses
 * it as `changed-on-disk`, the user chooses: Reload (the disk's version, this tab's edits one Undo away),
 * Overwrite (save anyway), Save As… or Cancel. A focus check reloads a clean tab whose file changed and
 * marks a dirty one. DOM-free: the dialog is passed in (renderer/src/actions/fileActions.ts shows it).
 */
import type { HostApi, SavedFile } from '../../../engine/host/hostApi.js';
import { hasHostErrorCode } from '../../../engine/host/hostError.js';
import type { DocumentsStore } from './documentsStore.js';
import { isDirty } from './documentTab.js';
import { openText } from './openText.js';
import { documentText } from './serialize.js';

/** What the user chose in the "changed on disk" dialog. */
export type ChangedOnDiskChoice = 'reload' | 'overwrite' | 'save-as' | 'cancel';

/** What saving a tab needs: the host, the documents, and the dialog. */
export interface SaveTabContext {
  host: Pick<HostApi, 'saveFile' | 'openFile'>;
  documents: DocumentsStore;
  /** Asks what to do now that the tab's file (named `name`) changed on disk. */
  askChangedOnDisk: (name: string) => Promise<ChangedOnDiskChoice>;
}

/** How a save ended: written, reloaded instead, handed to Save As, or given up (the host's dialog cancelled). */
export type SaveTabOutcome =
  | { kind: 'saved'; saved: SavedFile; overwrote: boolean }
  | { kind: 'reloaded' }
  | { kind: 'save-as' }
  | { kind: 'cancelled' };

/**
 * Saves the tab where its file lives, checked against the version it last read or wrote. Other failures
 * reject as the host's error. The tab must have a document and a path.
 */
export async function saveTab(ctx: SaveTabContext, key: string): Promise<SaveTabOutcome> {
  const tab = ctx.documents.getState().tabs.find((t) => t.key === key);
  if (!tab?.doc || !tab.path) return { kind: 'cancelled' };
  const { doc, path } = tab;
  const text = documentText(doc);
  let saved: SavedFile | null;
  let overwrote = false;
  try {
    saved = await ctx.host.saveFile(text, path, undefined, tab.diskVersion ?? null);
  } catch (e) {
    if (!hasHostErrorCode(e, 'changed-on-disk')) throw e;
    const choice = await ctx.askChangedOnDisk(tab.name);
    switch (choice) {
      case 'reload':
        await reloadTab(ctx, key);
        return { kind: 'reloaded' };
      case 'overwrite':
        // No expected version: the user saw the warning and chose this tab's document.
        saved = await ctx.host.saveFile(text, path);
        overwrote = true;
        break;
      case 'save-as':
        return { kind: 'save-as' };
      case 'cancel':
        return { kind: 'cancelled' };
    }
  }
  if (!saved) return { kind: 'cancelled' };
  // Mark the version that was written, even if edits came in while saving: they stay unsaved.
  const now = ctx.documents.getState().tabs.find((t) => t.key === key);
  if (now?.doc === doc) ctx.documents.getState().markSaved(saved, key);
  else if (now) ctx.documents.getState().markWritten(saved, key);
  return { kind: 'saved', saved, overwrote };
}

/**
 * Reads the tab's file again and shows it, as saved; the tab's edits become one undo step. Rejects (the
 * tab unchanged) when the file is gone or can no longer be read as a pipeline.
 */
export async function reloadTab(ctx: Pick<SaveTabContext, 'host' | 'documents'>, key: string): Promise<void> {
  const tab = ctx.documents.getState().tabs.find((t) => t.key === key);
  if (!tab?.path) return;
  const file = await ctx.host.openFile(tab.path);
  if (!file) return;
  const input = openText(file);
  if (!input.doc) {
    throw new Error(`${tab.name} on disk can no longer be read as a pipeline (${input.problems?.[0]?.message ?? 'unknown problem'}); this tab keeps its version.`);
  }
  ctx.documents.getState().reloadFromDisk(key, { doc: input.doc, ...(file.version ? { version: file.version } : {}), problems: input.problems ?? [] });
}

/** What a focus check did: the tabs reloaded quietly and those marked as changed under their edits. */
export interface DiskCheck {
  reloaded: string[];
  marked: string[];
}

/**
 * When the window comes back into focus: each tab with a file and a version is compared with the file now.
 * A clean tab whose file changed is reloaded quietly; a dirty one is marked (the tab says "changed on
 * disk") and its next save asks. A file that cannot be read now is left for the save to report.
 */
export async function checkDiskVersions(ctx: Pick<SaveTabContext, 'host' | 'documents'>): Promise<DiskCheck> {
  const result: DiskCheck = { reloaded: [], marked: [] };
  const tabs = ctx.documents.getState().tabs.filter((t) => t.path && t.diskVersion && !t.readOnly && t.doc);
  for (const tab of tabs) {
    // A peek: the check must not make these the most recent files.
    const file = await ctx.host.openFile(tab.path!, { peek: true }).catch(() => null);
    if (!file?.version) continue;
    const now = ctx.documents.getState().tabs.find((t) => t.key === tab.key);
    // Saved or closed meanwhile: this read says nothing about it any more.
    if (!now || now.diskVersion !== tab.diskVersion) continue;
    if (file.version === now.diskVersion) {
      if (now.changedOnDisk) ctx.documents.getState().setChangedOnDisk(tab.key, false);
      continue;
    }
    const input = openText(file);
    if (!isDirty(now) && input.doc) {
      ctx.documents.getState().reloadFromDisk(tab.key, { doc: input.doc, version: file.version, problems: input.problems ?? [] });
      result.reloaded.push(tab.key);
    } else {
      ctx.documents.getState().setChangedOnDisk(tab.key, true);
      result.marked.push(tab.key);
    }
  }
  return result;
}

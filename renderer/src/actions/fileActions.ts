/** New, open, save, save as, templates, recent files and crash recovery, all through the HostApi. */
import type { OpenedFile } from '../../../engine/host/hostApi.js';
import type { Services } from '../services.js';
import { hasErrors } from '../../../engine/format/problems.js';
import { emptyDocument } from '../store/documentsStore.js';
import { checkDiskVersions, saveTab, type ChangedOnDiskChoice } from '../store/changedOnDisk.js';
import { isDirty } from '../store/documentTab.js';
import { openText } from '../store/openText.js';
import { discardOffer, documentsToOffer, restoreOffer } from '../store/recoveryOffer.js';
import { documentText } from '../store/serialize.js';
import { quickPick, quickPrompt, showToast } from '../ui/uiStore.js';
import { guard } from './guard.js';

let untitled = 0;

/** Opens a new, empty document in a tab. */
export function newDocument(s: Services): void {
  const name = `Untitled-${++untitled}`;
  s.documents.getState().openDocument({ name, path: null, doc: emptyDocument(name) });
}

/** Opens what the host read, in a new tab (or focuses the tab that already has that file). */
export function openOpened(s: Services, file: OpenedFile): void {
  if (file.path) {
    const open = s.documents.getState().findByPath(file.path);
    if (open) {
      s.documents.getState().setActive(open.key);
      return;
    }
  }
  const input = openText(file);
  // The version read: this tab's saves are checked against it (store/changedOnDisk.ts).
  s.documents.getState().openDocument(file.path && file.version ? { ...input, version: file.version } : input);
  if (!input.doc) {
    s.view.getState().showBottom('problems');
    showToast(s.ui, 'error', `${file.name} could not be opened as a pipeline; its text is shown read-only.`);
  } else if (hasErrors(input.problems ?? [])) {
    s.view.getState().showBottom('problems');
  }
}

/**
 * Opens a file. With a path it opens that file; without one, Electron shows its dialog and the web host
 * (which has no dialog) gets a list of its workspace files to choose from.
 */
export async function openFile(s: Services, path?: string): Promise<void> {
  if (path === undefined && s.hostKind !== 'electron') {
    const files = (await guard(s, 'Listing files', () => s.host.listFiles())) ?? [];
    if (files.length === 0) {
      showToast(s.ui, 'info', 'There are no *.fedflow.json files in the workspace folder.');
      return;
    }
    const picked = await quickPick(
      s.ui,
      'Open a pipeline file',
      files.map((f) => ({ id: f.path, label: f.name, detail: f.path })),
      'open-file-picker',
    );
    if (!picked) return;
    path = picked.id;
  }
  const file = await guard(s, 'Opening', () => s.host.openFile(path));
  if (file) openOpened(s, file);
  void refreshFileLists(s);
}

/** Opens a template as a new, unsaved document. */
export async function openTemplate(s: Services, id: string): Promise<void> {
  const file = await guard(s, 'Opening the template', () => s.host.openTemplate(id));
  if (file) openOpened(s, { ...file, path: null });
}

/** Lets the user pick a template from a list. */
export async function pickTemplate(s: Services): Promise<void> {
  const templates = s.ui.getState().templates;
  const picked = await quickPick(
    s.ui,
    'Open a template',
    templates.map((t) => ({ id: t.id, label: t.name, detail: t.description })),
    'template-picker',
  );
  if (picked) await openTemplate(s, picked.id);
}

const fileNameFor = (name: string) =>
  `${name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'pipeline'}.fedflow.json`;

/** Saves the active document where it lives, or asks where (Save As) if it never was saved. */
export async function save(s: Services, key?: string): Promise<boolean> {
  const docs = s.documents.getState();
  const tab = docs.tabs.find((t) => t.key === (key ?? docs.activeKey));
  if (!tab?.doc) return false;
  if (!tab.path) return saveAs(s, tab.key);
  const outcome = await guard(s, 'Saving', () => saveTab({ host: s.host, documents: s.documents, askChangedOnDisk: (name) => askChangedOnDisk(s, name) }, tab.key));
  if (!outcome) return false;
  switch (outcome.kind) {
    case 'saved':
      showToast(s.ui, 'info', outcome.overwrote ? `Saved ${outcome.saved.name} over the version on disk.` : `Saved ${outcome.saved.name}.`);
      void refreshFileLists(s);
      return true;
    case 'reloaded':
      showToast(s.ui, 'info', `Reloaded ${tab.name} from disk; Undo brings back this tab's edits.`);
      return false;
    case 'save-as':
      return saveAs(s, tab.key);
    case 'cancelled':
      return false;
  }
}

/** The "changed on disk" dialog: the same quick pick as Save As's "already exists" question. */
async function askChangedOnDisk(s: Services, name: string): Promise<ChangedOnDiskChoice> {
  const choice = await quickPick(
    s.ui,
    `${name} changed on disk since you opened it.`,
    [
      { id: 'reload', label: 'Reload', detail: "Discard this tab's edits and show the file as it is on disk (Undo brings them back)" },
      { id: 'overwrite', label: 'Overwrite', detail: 'Save this tab over the version on disk' },
      { id: 'save-as', label: 'Save As…', detail: 'Save this tab under another name' },
      { id: 'cancel', label: 'Cancel' },
    ],
    'changed-on-disk-picker',
  );
  return choice && (choice.id === 'reload' || choice.id === 'overwrite' || choice.id === 'save-as') ? choice.id : 'cancel';
}

/** On window focus: reloads clean tabs whose file changed on disk and marks dirty ones (store/changedOnDisk.ts). */
export async function checkFilesOnDisk(s: Services): Promise<void> {
  const { reloaded } = await checkDiskVersions({ host: s.host, documents: s.documents });
  const names = reloaded.map((key) => s.documents.getState().tabs.find((t) => t.key === key)?.name).filter(Boolean);
  if (names.length > 0) showToast(s.ui, 'info', `Reloaded ${names.join(', ')}: ${names.length === 1 ? 'it' : 'they'} changed on disk.`);
}

/** Saves the active document under a new name; the host asks where (the web host takes a file name). */
export async function saveAs(s: Services, key?: string): Promise<boolean> {
  const docs = s.documents.getState();
  const tab = docs.tabs.find((t) => t.key === (key ?? docs.activeKey));
  if (!tab?.doc) return false;
  let suggested = tab.path ? tab.name : fileNameFor(tab.doc.name);
  // Electron's save dialog asks before replacing; the web host's prompt takes a name, so ask here.
  let replacing: string | null = null;
  if (s.hostKind !== 'electron') {
    const name = await quickPrompt(s.ui, 'File name in the workspace folder', suggested, 'save-as-prompt');
    if (!name) return false;
    suggested = name.endsWith('.fedflow.json') ? name : `${name}.fedflow.json`;
    await refreshFileLists(s);
    const existing = s.ui.getState().workspaceFiles.find((f) => f.name === suggested);
    if (existing && existing.path !== tab.path) {
      const choice = await quickPick(
        s.ui,
        `${suggested} already exists in the workspace`,
        [
          { id: 'replace', label: `Replace ${suggested}` },
          { id: 'keep', label: 'Keep both (save under a new name)' },
          { id: 'cancel', label: 'Cancel' },
        ],
        'save-as-exists-picker',
      );
      if (!choice || choice.id === 'cancel') return false;
      if (choice.id === 'replace') replacing = existing.path;
    }
  }
  const doc = tab.doc;
  const saved = await guard(s, 'Saving', () => s.host.saveFile(documentText(doc), replacing, suggested));
  if (!saved) return false;
  s.documents.getState().markSaved(saved, tab.key);
  // The web host picks a fresh name when the one asked for is taken: say which.
  showToast(s.ui, 'info', replacing || saved.name === suggested || s.hostKind === 'electron' ? `Saved ${saved.name}.` : `Saved as ${saved.name} (${suggested} is taken).`);
  void refreshFileLists(s);
  return true;
}

/** Closes a tab, asking first when it has unsaved changes. */
export async function closeTab(s: Services, key?: string): Promise<void> {
  const docs = s.documents.getState();
  const tab = docs.tabs.find((t) => t.key === (key ?? docs.activeKey));
  if (!tab) return;
  if (isDirty(tab)) {
    const choice = await quickPick(
      s.ui,
      `${tab.name} has unsaved changes`,
      [
        { id: 'save', label: 'Save and close' },
        { id: 'discard', label: "Close without saving" },
        { id: 'cancel', label: 'Cancel' },
      ],
      'close-dirty-picker',
    );
    if (!choice || choice.id === 'cancel') return;
    if (choice.id === 'save' && !(await save(s, tab.key))) return;
  }
  s.documents.getState().closeTab(tab.key);
}

/** Fetches the templates, recent files and workspace files from the host. */
export async function refreshFileLists(s: Services): Promise<void> {
  const [recentFiles, workspaceFiles] = await Promise.all([
    s.host.recentFiles().catch(() => []),
    s.host.listFiles().catch(() => []),
  ]);
  s.ui.setState({ recentFiles, workspaceFiles });
}

/** Start-up: host info, templates, file lists, and an offer to restore what a crash left unsaved. */
export async function bootstrap(s: Services): Promise<void> {
  try {
    const [info, templates] = await Promise.all([s.host.info(), s.host.listTemplates()]);
    s.ui.setState({ hostInfo: info, templates, hostError: null });
  } catch (e) {
    s.ui.setState({ hostError: e instanceof Error ? e.message : String(e) });
  }
  await refreshFileLists(s);
  const [kept, open] = await Promise.all([s.host.loadRecovery().catch(() => []), s.recovery.locks?.held().catch(() => null) ?? null]);
  const offer = documentsToOffer(kept, s.recovery.slot, open, s.recovery.restored);
  if (offer.length > 0) s.ui.setState({ recoveryOffer: offer });
}

const recoveryContext = (s: Services) => ({ host: s.host, documents: s.documents, slot: s.recovery.slot });

/** Reopens the documents a crash or a closed window left unsaved, each dirty, and keeps them in this window. */
export async function restoreRecovery(s: Services): Promise<void> {
  const offer = s.ui.getState().recoveryOffer;
  s.ui.setState({ recoveryOffer: [] });
  await guard(s, 'Restoring the unsaved documents', () => restoreOffer(recoveryContext(s), offer));
}

/** Forgets the documents a crash or a closed window left unsaved. */
export async function discardRecovery(s: Services): Promise<void> {
  const offer = s.ui.getState().recoveryOffer;
  s.ui.setState({ recoveryOffer: [] });
  await guard(s, 'Discarding the recovered documents', () => discardOffer(recoveryContext(s), offer));
}

/**
 * The open documents (tabs) as a zustand vanilla store: the single source of truth for what the canvas
 * shows, the engine runs and the file holds. Every edit goes through here so undo/redo and the dirty flag
 * stay right. View state (selection, zoom, panels) lives in the view store, never here.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { NodeKind } from '../../../engine/format/nodeKinds.js';
import { FORMAT_TAG, type PipelineDocument } from '../../../engine/format/pipeline.js';
import type { Connection, ConnectionVerdict } from '../../../engine/format/ports.js';
import type { Problem } from '../../../engine/format/problems.js';
import type { FileVersion } from '../../../engine/host/hostApi.js';
import { copyNodes, pasteNodes, type ClipboardContent } from './clipboard.js';
import * as edits from './documentEdits.js';
import type { DocumentTab } from './documentTab.js';
import * as history from './history.js';
import { documentText } from './serialize.js';

export interface OpenDocumentInput {
  name: string;
  path: string | null;
  /** The parsed document, or undefined when the text could not be read as one. */
  doc?: PipelineDocument;
  /** The file's text, kept when `doc` is missing. */
  text?: string;
  problems?: Problem[];
  /** Opened as a change not yet saved (a restored crash copy): dirty from the start. */
  unsaved?: boolean;
  /** Reuse this key (crash recovery keeps keys stable). */
  key?: string;
  /** Opens a run's document read-only (the Runs view). */
  readOnly?: { runId: string };
  /** The file's version as the host read it (kept only with a path): its saves are checked against it. */
  version?: FileVersion;
}

export interface EditOptions {
  /** Edits with the same key in a row become one undo step (one inspector field while it has focus). */
  coalesce?: string;
}

export interface DocumentsState {
  tabs: DocumentTab[];
  activeKey: string | null;

  openDocument(input: OpenDocumentInput): string;
  closeTab(key: string): void;
  setActive(key: string): void;
  /** The tab with a path, if one is open (so opening a file twice focuses it). */
  findByPath(path: string): DocumentTab | undefined;

  /** Applies an edit to the active document; one undo step unless a transaction is open or it coalesces. */
  edit(recipe: (doc: PipelineDocument) => PipelineDocument, options?: EditOptions): void;
  addNode(kind: NodeKind, position: edits.Position, params?: Record<string, unknown>): string | null;
  moveNodes(moves: Record<string, edits.Position>): void;
  deleteElements(nodeIds: Iterable<string>, edgeIds?: Iterable<string>): void;
  connect(c: Connection): ConnectionVerdict;
  disconnect(edgeId: string): void;
  setParams(nodeId: string, params: Record<string, unknown>, options?: EditOptions): void;
  setParam(nodeId: string, field: string, value: unknown, options?: EditOptions): void;
  setLabel(nodeId: string, label: string, options?: EditOptions): void;
  setDocumentFields(fields: edits.DocumentFields, options?: EditOptions): void;
  copy(nodeIds: Iterable<string>): ClipboardContent | null;
  paste(clip: ClipboardContent, offset?: edits.Position): string[];

  beginTransaction(): void;
  endTransaction(): void;
  undo(): void;
  redo(): void;

  /** Marks the active (or given) tab saved under a path and name, at the version the host wrote. */
  markSaved(saved: { path: string; name: string; version?: FileVersion }, key?: string): void;
  /**
   * Notes a write of an earlier state of the tab (edits came in while saving): its path, name and version
   * are the file's now, but the tab stays dirty.
   */
  markWritten(saved: { path: string; name: string; version?: FileVersion }, key: string): void;
  /**
   * Replaces a tab's document with its file's text as read again from disk, now its saved state. Its
   * edits become one undo step, so Undo brings them back.
   */
  reloadFromDisk(key: string, file: { doc: PipelineDocument; version?: FileVersion; problems?: Problem[] }): void;
  /** Marks (or clears) that a tab's file changed on disk while the tab has unsaved edits. */
  setChangedOnDisk(key: string, changed: boolean): void;
}

export type DocumentsStore = StoreApi<DocumentsState>;

/** A new, empty document. */
export function emptyDocument(name = 'Untitled pipeline'): PipelineDocument {
  return {
    format: FORMAT_TAG,
    name,
    description: '',
    seed: 42,
    settings: { backend: 'auto' },
    nodes: [],
    edges: [],
  };
}

/** Creates the documents store. `newKey` makes tab keys (tests pass a counter). */
export function createDocumentsStore(newKey: () => string = defaultKeys()): DocumentsStore {
  return createStore<DocumentsState>()((set, get) => {
    const active = (): (DocumentTab & { doc: PipelineDocument }) | undefined => {
      const { tabs, activeKey } = get();
      const tab = tabs.find((t) => t.key === activeKey);
      return tab && tab.doc ? (tab as DocumentTab & { doc: PipelineDocument }) : undefined;
    };
    const updateTab = (key: string, update: (t: DocumentTab) => DocumentTab) =>
      set((s) => ({ tabs: s.tabs.map((t) => (t.key === key ? update(t) : t)) }));
    const apply = (recipe: (doc: PipelineDocument) => PipelineDocument, options: EditOptions = {}) => {
      const tab = active();
      // A run's document stays as it ran; Re-run opens an editable copy.
      if (!tab || tab.readOnly) return;
      const next = recipe(tab.doc);
      if (next === tab.doc) return;
      updateTab(tab.key, (t) => ({ ...t, doc: next, history: history.recordEdit(t.history, tab.doc, next, options.coalesce) }));
    };

    return {
      tabs: [],
      activeKey: null,

      openDocument(input) {
        const key = input.key ?? newKey();
        const doc = input.doc ?? null;
        const tab: DocumentTab = {
          key,
          name: input.name,
          path: input.path,
          doc,
          rawText: doc ? null : (input.text ?? ''),
          loadProblems: input.problems ?? [],
          savedDoc: input.unsaved ? null : doc,
          savedText: input.unsaved || !doc || input.path === null ? null : documentText(doc),
          history: history.emptyHistory(),
          ...(input.readOnly ? { readOnly: input.readOnly } : {}),
          ...(input.version && input.path !== null ? { diskVersion: input.version } : {}),
        };
        set((s) => ({ tabs: [...s.tabs.filter((t) => t.key !== key), tab], activeKey: key }));
        return key;
      },

      closeTab(key) {
        set((s) => {
          const index = s.tabs.findIndex((t) => t.key === key);
          if (index < 0) return s;
          const tabs = s.tabs.filter((t) => t.key !== key);
          const activeKey =
            s.activeKey !== key ? s.activeKey : (tabs[Math.min(index, tabs.length - 1)]?.key ?? null);
          return { tabs, activeKey };
        });
      },

      setActive(key) {
        if (get().tabs.some((t) => t.key === key)) set({ activeKey: key });
      },

      findByPath(path) {
        return get().tabs.find((t) => t.path === path);
      },

      edit: apply,

      addNode(kind, position, params) {
        const tab = active();
        if (!tab) return null;
        const { doc, id } = edits.addNode(tab.doc, kind, position, undefined, params);
        apply(() => doc);
        return id;
      },

      moveNodes(moves) {
        apply((doc) => edits.moveNodes(doc, moves));
      },

      deleteElements(nodeIds, edgeIds = []) {
        apply((doc) => edits.deleteElements(doc, nodeIds, edgeIds));
      },

      connect(c) {
        const tab = active();
        if (!tab) return { ok: false, reason: 'No document is open.' };
        const result = edits.connect(tab.doc, c);
        apply(() => result.doc);
        return result.verdict;
      },

      disconnect(edgeId) {
        apply((doc) => edits.disconnect(doc, edgeId));
      },

      setParams(nodeId, params, options) {
        apply((doc) => edits.setParams(doc, nodeId, params), options);
      },

      setParam(nodeId, field, value, options) {
        apply((doc) => edits.setParam(doc, nodeId, field, value), options);
      },

      setLabel(nodeId, label, options) {
        apply((doc) => edits.setLabel(doc, nodeId, label), options);
      },

      setDocumentFields(fields, options) {
        apply((doc) => edits.setDocumentFields(doc, fields), options);
      },

      copy(nodeIds) {
        const tab = active();
        if (!tab) return null;
        const clip = copyNodes(tab.doc, nodeIds);
        return clip.nodes.length > 0 ? clip : null;
      },

      paste(clip, offset) {
        const tab = active();
        if (!tab) return [];
        const result = pasteNodes(tab.doc, clip, offset);
        apply(() => result.doc);
        return result.nodeIds;
      },

      beginTransaction() {
        const tab = active();
        if (tab) updateTab(tab.key, (t) => ({ ...t, history: history.beginTransaction(t.history, tab.doc) }));
      },

      endTransaction() {
        const tab = active();
        if (tab) updateTab(tab.key, (t) => ({ ...t, history: history.endTransaction(t.history, tab.doc) }));
      },

      undo() {
        const tab = active();
        const step = tab && history.undo(tab.history, tab.doc);
        if (tab && step) updateTab(tab.key, (t) => ({ ...t, doc: step.doc, history: step.history }));
      },

      redo() {
        const tab = active();
        const step = tab && history.redo(tab.history, tab.doc);
        if (tab && step) updateTab(tab.key, (t) => ({ ...t, doc: step.doc, history: step.history }));
      },

      markSaved(saved, key) {
        const target = key ?? get().activeKey;
        if (!target) return;
        updateTab(target, (t) =>
          t.doc ? { ...withDiskVersion(t, saved), path: saved.path, name: saved.name, savedDoc: t.doc, savedText: documentText(t.doc) } : t,
        );
      },

      markWritten(saved, key) {
        updateTab(key, (t) => ({ ...withDiskVersion(t, saved), path: saved.path, name: saved.name }));
      },

      reloadFromDisk(key, file) {
        updateTab(key, (t) => {
          const changed: DocumentTab = {
            ...withDiskVersion(t, file),
            doc: file.doc,
            rawText: null,
            savedDoc: file.doc,
            savedText: documentText(file.doc),
            ...(file.problems ? { loadProblems: file.problems } : {}),
          };
          return t.doc ? { ...changed, history: history.recordEdit(history.endTransaction(t.history, t.doc), t.doc, file.doc) } : changed;
        });
      },

      setChangedOnDisk(key, changed) {
        updateTab(key, (t) => {
          if (Boolean(t.changedOnDisk) === changed) return t;
          const next = { ...t };
          if (changed) next.changedOnDisk = true;
          else delete next.changedOnDisk;
          return next;
        });
      },
    };
  });
}

/** The tab with the version a save or read answered (none: the host keeps none, so saves go unchecked), and no longer marked changed. */
function withDiskVersion(t: DocumentTab, file: { version?: FileVersion }): DocumentTab {
  const next = { ...t };
  delete next.changedOnDisk;
  if (file.version) next.diskVersion = file.version;
  else delete next.diskVersion;
  return next;
}

function defaultKeys(): () => string {
  let n = 0;
  const session = Date.now().toString(36);
  return () => `doc-${session}-${++n}`;
}

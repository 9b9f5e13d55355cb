/** One open document (an editor tab): the document, its saved version and its history. */
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import type { FileVersion } from '../../../engine/host/hostApi.js';
import type { Problem } from '../../../engine/format/problems.js';
import type { History } from './history.js';
import { documentText } from './serialize.js';

export interface DocumentTab {
  /** Stable key of the tab for this session (and for crash recovery). */
  key: string;
  /** What the tab shows: the file name, or the pipeline's name for an unsaved document. */
  name: string;
  /** Where the file lives; null for a document never saved. */
  path: string | null;
  /** The document; null when the file could not be read as one (then `rawText` holds it). */
  doc: PipelineDocument | null;
  /** The file's text when it could not be parsed, kept read-only so nothing is lost. */
  rawText: string | null;
  /** Problems found while reading the file (syntax, a newer format version, a bad shape). */
  loadProblems: Problem[];
  /** The document as last saved or opened; `doc === savedDoc` means clean. */
  savedDoc: PipelineDocument | null;
  /** Text of the saved version, to tell an edit undone by hand from a real change; null if never saved. */
  savedText: string | null;
  history: History;
  /**
   * The file's version (engine/host/fileVersion.ts) when this tab last read or wrote it, passed with each
   * save so the host refuses one over a file another tab or program changed. Absent for a document never
   * saved, or restored from crash recovery: their saves are not checked.
   */
  diskVersion?: FileVersion;
  /** Set when a focus check found the file changed on disk while this tab has unsaved edits. */
  changedOnDisk?: boolean;
  /** A stored or live run's document, shown as it ran: edits are refused (see documentsStore's apply). */
  readOnly?: { runId: string };
}

/** The tab's title: the file name once saved, else the pipeline's own name, so renaming the pipeline renames the tab. */
export function tabTitle(tab: DocumentTab): string {
  return tab.path === null && tab.doc?.name ? tab.doc.name : tab.name;
}

/** Whether a tab has changes that are not saved. */
export function isDirty(tab: DocumentTab): boolean {
  if (!tab.doc) return false;
  if (tab.doc === tab.savedDoc) return false;
  if (tab.savedText === null) return true;
  return documentText(tab.doc) !== tab.savedText;
}

/** Whether a tab can be edited (its file was read as a document). */
export function isEditable(tab: DocumentTab): tab is DocumentTab & { doc: PipelineDocument } {
  return tab.doc !== null;
}

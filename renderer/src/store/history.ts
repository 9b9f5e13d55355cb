/**
 * Undo and redo over immutable document snapshots. A transaction (a whole node drag) records the
 * document once at its start and becomes one step at its end; edits sharing a coalesce key (the
 * keystrokes of one inspector field while it has focus) also become one step.
 */
import type { PipelineDocument } from '../../../engine/format/pipeline.js';

export interface History {
  past: PipelineDocument[];
  future: PipelineDocument[];
  /** The document when the open transaction began; null when none is open. */
  transactionStart: PipelineDocument | null;
  /** The coalesce key of the last step, so the next edit with the same key joins it. */
  lastKey: string | null;
}

/** How many steps are kept. */
export const HISTORY_LIMIT = 200;

export const emptyHistory = (): History => ({ past: [], future: [], transactionStart: null, lastKey: null });

/** Records that `before` became `after`; returns the history to keep. */
export function recordEdit(h: History, before: PipelineDocument, after: PipelineDocument, key?: string): History {
  if (before === after) return h;
  if (h.transactionStart) return { ...h, future: [] };
  if (key !== undefined && key === h.lastKey && h.past.length > 0) return { ...h, future: [] };
  const past = [...h.past, before];
  if (past.length > HISTORY_LIMIT) past.splice(0, past.length - HISTORY_LIMIT);
  return { past, future: [], transactionStart: null, lastKey: key ?? null };
}

/** Opens a transaction at the current document; a transaction already open stays as it is. */
export function beginTransaction(h: History, current: PipelineDocument): History {
  return h.transactionStart ? h : { ...h, transactionStart: current, lastKey: null };
}

/** Closes the open transaction: one step if the document changed since it began, none otherwise. */
export function endTransaction(h: History, current: PipelineDocument): History {
  const start = h.transactionStart;
  if (!start) return h;
  const closed: History = { ...h, transactionStart: null };
  if (start === current) return closed;
  return recordEdit({ ...closed, lastKey: null }, start, current);
}

/** Steps back: the document to show and the history after the step, or null when there is nothing to undo. */
export function undo(h: History, current: PipelineDocument): { doc: PipelineDocument; history: History } | null {
  const open = endTransaction(h, current);
  if (open.past.length === 0) return null;
  const doc = open.past[open.past.length - 1];
  return {
    doc,
    history: { past: open.past.slice(0, -1), future: [current, ...open.future], transactionStart: null, lastKey: null },
  };
}

/** Steps forward again, or null when there is nothing to redo. */
export function redo(h: History, current: PipelineDocument): { doc: PipelineDocument; history: History } | null {
  if (h.future.length === 0) return null;
  const [doc, ...future] = h.future;
  return { doc, history: { past: [...h.past, current], future, transactionStart: null, lastKey: null } };
}

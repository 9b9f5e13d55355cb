/**
 * Keeping a window's unsaved documents with the host while the user works: after the documents rest for a
 * moment, the dirty tabs go to the window's own recovery slot (engine/host/recoverySlots.ts), so other
 * windows' documents are never touched. useRecoveryAutosave runs it for the workbench.
 */
import type { DocumentsStore } from './documentsStore.js';
import { unsavedDocuments, type RecoveryContext } from './recoveryOffer.js';

/** How long the documents must rest before their unsaved state is sent to the host. */
export const RECOVERY_DEBOUNCE_MS = 800;

/** Options of startRecoveryAutosave. */
export interface RecoveryAutosave extends RecoveryContext {
  documents: DocumentsStore;
  /** Whether this window's own kept documents are still being offered: then they must not be overwritten. */
  holdOwnSlot: () => boolean;
  /** Timers (tests pass their own, to wait on events and not on time). */
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/** Starts saving the window's unsaved documents on every change, debounced; returns the function that stops it. */
export function startRecoveryAutosave(options: RecoveryAutosave): () => void {
  const { documents, host, slot, holdOwnSlot } = options;
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  let timer: unknown;
  let lastSent = '[]';
  const send = () => {
    if (holdOwnSlot()) return;
    const docs = unsavedDocuments(documents.getState().tabs);
    const text = JSON.stringify(docs);
    if (text === lastSent) return;
    lastSent = text;
    host.saveRecovery(docs, slot).catch(() => {
      lastSent = '';
    });
  };
  const unsubscribe = documents.subscribe((s, prev) => {
    if (s.tabs === prev.tabs) return;
    if (timer !== undefined) clearTimer(timer);
    timer = setTimer(send, RECOVERY_DEBOUNCE_MS);
  });
  return () => {
    if (timer !== undefined) clearTimer(timer);
    unsubscribe();
  };
}

import { useEffect } from 'react';
import { isDirty } from '../store/documentTab.js';
import { documentText } from '../store/serialize.js';
import { useServices } from './useServices.js';

/** How long the documents must rest before their unsaved state is sent to the host. */
const DEBOUNCE_MS = 800;

/** Keeps the unsaved documents with the host (debounced), so they survive a crash. */
export function useRecoveryAutosave(): void {
  const { documents, host, ui } = useServices();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastSent = '[]';
    const send = () => {
      // Do not overwrite what the host kept while its restore is still being offered.
      if (ui.getState().recoveryOffer.length > 0) return;
      const docs = documents
        .getState()
        .tabs.filter(isDirty)
        .map((t) => ({ key: t.key, name: t.name, path: t.path, text: documentText(t.doc!) }));
      const text = JSON.stringify(docs);
      if (text === lastSent) return;
      lastSent = text;
      host.saveRecovery(docs).catch(() => {
        lastSent = '';
      });
    };
    const unsubscribe = documents.subscribe((s, prev) => {
      if (s.tabs === prev.tabs) return;
      clearTimeout(timer);
      timer = setTimeout(send, DEBOUNCE_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [documents, host, ui]);
}

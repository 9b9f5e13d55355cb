import { useEffect } from 'react';
import { startRecoveryAutosave } from '../store/recoveryAutosave.js';
import { offersOwnSlot } from '../store/recoveryOffer.js';
import { useServices } from './useServices.js';

/** Keeps this window's unsaved documents with the host, in its own recovery slot, so they survive a crash. */
export function useRecoveryAutosave(): void {
  const { documents, host, ui, recovery } = useServices();
  useEffect(
    () =>
      startRecoveryAutosave({
        documents,
        host,
        slot: recovery.slot,
        holdOwnSlot: () => offersOwnSlot(ui.getState().recoveryOffer, recovery.slot),
      }),
    [documents, host, ui, recovery],
  );
}

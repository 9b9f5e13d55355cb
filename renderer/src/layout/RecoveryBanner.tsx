import { discardRecovery, restoreRecovery } from '../actions/fileActions.js';
import { useServices } from '../hooks/useServices.js';
import { useUi } from '../hooks/useUi.js';
import { offerText } from '../store/recoveryOffer.js';

/** Offers to reopen the documents that were unsaved when this window, or another that is closed now, last closed. */
export function RecoveryBanner() {
  const services = useServices();
  const offer = useUi((s) => s.recoveryOffer);
  if (offer.length === 0) return null;
  return (
    <div className="banner" role="alert" data-testid="recovery-banner">
      <span>{offerText(offer, services.recovery.slot)}</span>
      <button className="button primary small" onClick={() => void restoreRecovery(services)} data-testid="recovery-restore">
        Restore
      </button>
      <button className="button small" onClick={() => void discardRecovery(services)} data-testid="recovery-discard">
        Discard
      </button>
    </div>
  );
}

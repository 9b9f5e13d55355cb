import { discardRecovery, restoreRecovery } from '../actions/fileActions.js';
import { useServices } from '../hooks/useServices.js';
import { useUi } from '../hooks/useUi.js';

/** Offers to reopen the documents that were unsaved when the workbench last stopped. */
export function RecoveryBanner() {
  const services = useServices();
  const offer = useUi((s) => s.recoveryOffer);
  if (offer.length === 0) return null;
  return (
    <div className="banner" role="alert" data-testid="recovery-banner">
      <span>
        {offer.length === 1 ? `“${offer[0].name}” was` : `${offer.length} documents were`} not saved when FedFlow Studio last closed.
      </span>
      <button className="button primary small" onClick={() => restoreRecovery(services)} data-testid="recovery-restore">
        Restore
      </button>
      <button className="button small" onClick={() => discardRecovery(services)} data-testid="recovery-discard">
        Discard
      </button>
    </div>
  );
}

import { rerunStoredRun } from '../actions/storedRunActions.js';
import { useRun } from '../hooks/useRun.js';
import { useServices } from '../hooks/useServices.js';
import { isActive } from '../store/runState.js';

/** Over a run's document opened from the Runs view: it is read-only, and Re-run opens an editable copy and runs it. */
export function ReadOnlyRunBanner({ runId }: { runId: string }) {
  const services = useServices();
  const live = useRun((s) => s.runId === runId && isActive(s));
  return (
    <div className="readonly-banner" data-testid="readonly-banner" data-run-id={runId}>
      <span>
        Run <b>{runId}</b>, {live ? 'going on in the host' : 'as it ran'}: read-only.
      </span>
      {!live && (
        <button className="button" onClick={() => void rerunStoredRun(services, runId)} data-testid="readonly-rerun">
          Re-run
        </button>
      )}
    </div>
  );
}

import { useRun } from '../hooks/useRun.js';
import { RunControls } from './RunControls.js';
import { StoredRunList } from './StoredRunList.js';
import '../styles/runs.css';

/** The current run (state, backend, each federation's round and accuracy), then the run history. */
export function RunsView() {
  const run = useRun((s) => s);
  const feds = run.federationOrder.map((id) => run.federations[id]).filter(Boolean);
  return (
    <div className="side-view" data-testid="runs-view">
      <RunControls />
      {run.status === 'idle' ? (
        <p className="side-empty">No run going. Open a pipeline and press Run (F5), or Step (F10) to go one round at a time.</p>
      ) : (
        <div className="run-summary">
          <div>
            <b>{run.doc?.name}</b>
          </div>
          <div data-testid="runs-status">
            {run.status}
            {run.paused && run.status === 'running' ? ' (paused)' : ''}
            {run.runId ? ` · ${run.runId}` : ''}
          </div>
          {run.backend && (
            <div>
              {run.backend}
              {run.adapter ? ` (${run.adapter})` : ''} · {run.workers} workers
            </div>
          )}
          {run.error && <div className="field-error">{run.error.message}</div>}
          <ul className="side-list">
            {feds.map((f) => (
              <li key={f.aggregatorId} data-testid={`runs-federation-${f.aggregatorId}`}>
                {f.label}: round {f.round}/{f.rounds}
                {f.accuracy.length > 0 ? ` · ${(f.accuracy[f.accuracy.length - 1].value * 100).toFixed(1)}%` : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
      <StoredRunList />
    </div>
  );
}

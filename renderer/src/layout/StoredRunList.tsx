import { useEffect } from 'react';
import { RUN_SORTS, type RunSort } from '../../../engine/records/runRecordTypes.js';
import type { StoredRunEntry } from '../../../engine/host/hostApi.js';
import { compareSelectedRuns, deleteStoredRun, openStoredRun, refreshStoredRuns, rerunStoredRun } from '../actions/storedRunActions.js';
import { useRun } from '../hooks/useRun.js';
import { useServices } from '../hooks/useServices.js';
import { useStoredRuns } from '../hooks/useStoredRuns.js';
import { formatSeconds } from '../store/simulatedTime.js';

const STATUSES = ['finished', 'running', 'interrupted', 'failed', 'cancelled'] as const;
const SORT_LABELS: Record<RunSort, string> = { started: 'Newest first', accuracy: 'Best accuracy', duration: 'Longest', name: 'Name' };

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** When a run started, short: the time today, else the date and time. */
function when(iso: string): string {
  const d = new Date(iso);
  const today = new Date().toDateString() === d.toDateString();
  return today ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }) : d.toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
}

/** A run's figures in one line: rounds done of planned, final accuracy, ε where there is one, its duration. */
function figures(run: StoredRunEntry): string {
  const parts: string[] = [];
  const done = run.federations.reduce((m, f) => Math.max(m, f.roundsDone), 0);
  const planned = run.federations.reduce((m, f) => Math.max(m, f.rounds), 0);
  parts.push(`${done}/${planned} rounds`);
  const accuracies = run.federations.map((f) => f.accuracy).filter((a): a is number => a !== null);
  if (accuracies.length > 0) parts.push(accuracies.map(pct).join(' / '));
  const eps = run.federations.map((f) => f.epsilon).filter((e): e is number => e !== undefined);
  if (eps.length > 0) parts.push(`ε ${eps.map((e) => e.toFixed(2)).join(' / ')}`);
  parts.push(formatSeconds(run.durationMs / 1000));
  return parts.join(' · ');
}

/** The run store's runs: filter, order, tick to compare, open, re-run, delete. */
export function StoredRunList() {
  const services = useServices();
  const list = useStoredRuns((s) => s.list);
  const error = useStoredRuns((s) => s.error);
  const filter = useStoredRuns((s) => s.filter);
  const selected = useStoredRuns((s) => s.selected);
  const runStatus = useRun((s) => s.status);
  const runId = useRun((s) => s.runId);
  const store = services.storedRuns.getState();

  // The list follows the filter, and every start and end of a run in this window.
  useEffect(() => {
    void refreshStoredRuns(services);
  }, [services, filter.text, filter.status, filter.sort, runStatus, runId]);

  return (
    <div className="stored-runs" data-testid="runs-store">
      <div className="side-section">Run history</div>
      <div className="stored-runs-filters">
        <input
          className="field-input"
          placeholder="Filter by name or id"
          value={filter.text}
          onChange={(e) => store.setFilter({ text: e.target.value })}
          data-testid="runs-filter"
        />
        <select className="field-input" value={filter.status} onChange={(e) => store.setFilter({ status: e.target.value as typeof filter.status })} data-testid="runs-status-filter">
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <select className="field-input" value={filter.sort} onChange={(e) => store.setFilter({ sort: e.target.value as typeof filter.sort })} data-testid="runs-sort">
          {RUN_SORTS.map((s) => (
            <option key={s} value={s}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="side-actions">
        <button className="button" disabled={selected.length < 2} onClick={() => void compareSelectedRuns(services)} title="Overlay the ticked runs' metrics and list the settings that differ" data-testid="runs-compare">
          Compare{selected.length > 0 ? ` (${selected.length})` : ''}
        </button>
        <button className="button" onClick={() => void refreshStoredRuns(services)} data-testid="runs-refresh">
          Refresh
        </button>
      </div>
      {error && <p className="field-error" data-testid="runs-error">{error}</p>}
      {list && !list.stored && <p className="side-empty">This host keeps no run history.</p>}
      {list && list.stored && list.runs.length === 0 && (
        <p className="side-empty" data-testid="runs-empty">
          {filter.text || filter.status ? 'No run matches.' : 'No run stored yet. Every run is kept here.'}
        </p>
      )}
      <ul className="stored-run-list" data-testid="runs-list">
        {list?.runs.map((run) => (
          <li key={run.id} className={selected.includes(run.id) ? 'active' : ''} data-testid={`run-${run.id}`} data-status={run.status}>
            <input type="checkbox" checked={selected.includes(run.id)} onChange={() => store.toggle(run.id)} aria-label={`Compare ${run.id}`} data-testid={`run-select-${run.id}`} />
            <button className="stored-run-open" onClick={() => void openStoredRun(services, run.id)} title={`Open ${run.id} read-only: its document and charts`} data-testid={`run-open-${run.id}`}>
              <span className="stored-run-name">{run.name}</span>
              <span className="stored-run-meta">
                {when(run.startedAt)} · {run.id.slice(-6)} · <span className={`run-status run-status-${run.status}`}>{run.status}</span>
              </span>
              <span className="stored-run-meta" data-testid={`run-figures-${run.id}`}>{figures(run)}</span>
            </button>
            <span className="stored-run-actions">
              <button className="icon-button" title="Re-run: open its document as a new tab and run it" onClick={() => void rerunStoredRun(services, run.id)} data-testid={`run-rerun-${run.id}`}>
                ↻
              </button>
              <button className="icon-button" title="Delete this run (asks first)" onClick={() => void deleteStoredRun(services, run.id).then(() => refreshStoredRuns(services))} data-testid={`run-delete-${run.id}`}>
                ✕
              </button>
            </span>
          </li>
        ))}
      </ul>
      {list && list.problems.length > 0 && (
        <p className="side-empty" title={list.problems.map((p) => `${p.folder}: ${p.message}`).join('\n')}>
          {list.problems.length} folder{list.problems.length === 1 ? '' : 's'} could not be read.
        </p>
      )}
    </div>
  );
}

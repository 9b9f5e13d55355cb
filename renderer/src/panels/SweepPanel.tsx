import { useCallback, useEffect, useState } from 'react';
import type { SweepProgress } from '../../../engine/host/hostApi.js';
import { pointLabel } from '../../../engine/sweep/sweepGrid.js';
import { SweepChart } from '../charts/SweepChart.js';
import { useActiveTab } from '../hooks/useActiveTab.js';
import { useServices } from '../hooks/useServices.js';
import { refreshStoredRuns } from '../actions/storedRunActions.js';
import { documentText } from '../store/serialize.js';
import { gridSize, settingStrings, sweepableParams, sweepChartSeries, type SweepRowDraft } from '../store/sweepPlan.js';

/** How often the panel asks the host where its sweep stands while one runs. */
const POLL_MS = 400;
const MAX_ROWS = 8;
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/**
 * Sweeps from the workbench: rows of node · param · values over the active document, a seed count, the
 * grid's size, Start / Stop and progress, then the results table and chart. The host validates every grid
 * point before the first run; its runs are stored runs, so the Runs view lists them too.
 */
export function SweepPanel() {
  const services = useServices();
  const { host } = services;
  const tab = useActiveTab();
  const doc = tab?.doc ?? null;
  const [rows, setRows] = useState<SweepRowDraft[]>([{ nodeId: '', param: '', values: '' }]);
  const [seeds, setSeeds] = useState(1);
  const [progress, setProgress] = useState<SweepProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const running = progress?.state === 'running';

  const refresh = useCallback(async () => {
    const status = await host.sweepStatus().catch(() => null);
    setProgress(status);
    return status;
  }, [host]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // Followed by asking: a sweep's progress is a few numbers, and its runs are listed in the Runs view.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      void refresh().then((s) => {
        // The sweep's runs join the Runs view's list once it ends.
        if (s && s.state !== 'running') void refreshStoredRuns(services);
      });
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [running, refresh, services]);

  if (!doc) {
    return (
      <div className="panel-empty" data-testid="sweep-panel">
        Open a pipeline to sweep its settings.
      </div>
    );
  }

  const setRow = (i: number, change: Partial<SweepRowDraft>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const size = gridSize(rows, seeds);
  const start = async () => {
    setError(null);
    try {
      await host.startSweep({ text: documentText(doc), path: tab?.readOnly ? null : (tab?.path ?? null), settings: settingStrings(rows), seeds });
      await refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const stop = async () => {
    if (progress) await host.stopSweep(progress.sweepId).catch((e: Error) => setError(e.message));
  };
  const chart = progress?.table ? sweepChartSeries(progress.table) : null;

  return (
    <div className="metrics" data-testid="sweep-panel">
      {rows.map((row, i) => {
        const node = doc.nodes.find((n) => n.id === row.nodeId);
        const params = node ? sweepableParams(node) : [];
        return (
          <div className="metrics-actions" key={i} data-testid={`sweep-row-${i}`}>
            <select aria-label="node" value={row.nodeId} onChange={(e) => setRow(i, { nodeId: e.target.value, param: '' })} data-testid={`sweep-node-${i}`}>
              <option value="">node…</option>
              {doc.nodes
                .filter((n) => n.kind !== 'note')
                .map((n) => (
                  <option key={n.id} value={n.id}>
                    {n.id} ({n.kind})
                  </option>
                ))}
            </select>
            <select aria-label="param" value={row.param} onChange={(e) => setRow(i, { param: e.target.value })} disabled={!node} data-testid={`sweep-param-${i}`}>
              <option value="">param…</option>
              {params.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
            <input
              aria-label="values"
              placeholder="0.1, 1, 10"
              value={row.values}
              maxLength={1000}
              onChange={(e) => setRow(i, { values: e.target.value })}
              data-testid={`sweep-values-${i}`}
            />
            {rows.length > 1 && (
              <button type="button" className="button" onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))} data-testid={`sweep-remove-${i}`}>
                Remove
              </button>
            )}
          </div>
        );
      })}
      <div className="metrics-actions">
        <button type="button" className="button" disabled={rows.length >= MAX_ROWS} onClick={() => setRows((rs) => [...rs, { nodeId: '', param: '', values: '' }])} data-testid="sweep-add-row">
          Add setting
        </button>
        <label>
          Seeds{' '}
          <input type="number" min={1} max={20} value={seeds} onChange={(e) => setSeeds(Math.max(1, Math.min(20, Math.round(Number(e.target.value) || 1))))} data-testid="sweep-seeds" style={{ width: 48 }} />
        </label>
        <span data-testid="sweep-size">{size.text}</span>
        <button type="button" className="button" disabled={running || size.runs === 0} onClick={() => void start()} data-testid="sweep-start">
          Start sweep
        </button>
        <button type="button" className="button" disabled={!running} onClick={() => void stop()} data-testid="sweep-stop">
          Stop
        </button>
      </div>
      {error && (
        <pre className="sweep-error" role="alert" data-testid="sweep-error">
          {error}
        </pre>
      )}
      {progress && (
        <div data-testid="sweep-progress" data-state={progress.state}>
          {progress.state === 'running'
            ? `Sweep ${progress.sweepId}: run ${Math.min(progress.done + 1, progress.total)} of ${progress.total}`
            : `Sweep ${progress.sweepId} ${progress.state}: ${progress.done} of ${progress.total} runs${progress.message ? ` (${progress.message})` : ''}`}
        </div>
      )}
      {progress?.table && (
        <>
          <table className="compare-table" data-testid="sweep-table">
            <thead>
              <tr>
                <th>Settings</th>
                <th>Federation</th>
                <th>Final accuracy (mean ± spread)</th>
                <th>n</th>
              </tr>
            </thead>
            <tbody>
              {progress.table.rows.flatMap((row, ri) =>
                (row.federations.length > 0 ? row.federations : [null]).map((f, fi) => (
                  <tr key={`${ri}-${fi}`} data-testid="sweep-table-row" data-runs={row.runs.join(' ')}>
                    <td>{pointLabel(row.point)}</td>
                    <td>{f?.label ?? '—'}</td>
                    <td>{f ? `${pct(f.mean)}${row.seeds.length > 1 && f.std !== null ? ` ± ${(f.std * 100).toFixed(1)}` : ''}` : '—'}</td>
                    <td>
                      {f ? f.accuracies.filter((a) => a !== null).length : 0}
                      {row.failed > 0 ? ` (${row.failed} failed)` : ''}
                    </td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
          {chart && chart.series.length > 0 && <SweepChart {...chart} testId="sweep-chart" />}
        </>
      )}
    </div>
  );
}

import { useState } from 'react';
import { LineChart, type Series } from '../charts/LineChart.js';
import { seriesColor } from '../charts/palette.js';
import { useStoredRuns } from '../hooks/useStoredRuns.js';
import { comparedSeries, comparisonHasClock, differenceRows, runLabel, type ComparisonAxis } from '../store/runComparison.js';
import { formatSeconds } from '../store/simulatedTime.js';
import { AXIS_TITLES } from '../charts/axisTitles.js';

const pct = (v: number) => `${Math.round(v * 100)}%`;
const fixed = (v: number | null | undefined, digits: number) => (v === null || v === undefined ? '—' : v.toFixed(digits));

/** Stored runs compared: their metrics overlaid on shared axes, their final figures, the settings that differ. */
export function ComparePanel() {
  const comparison = useStoredRuns((s) => s.comparison);
  const [chosenAxis, setAxis] = useState<ComparisonAxis>('rounds');
  if (!comparison) {
    return (
      <div className="panel-empty" data-testid="compare-panel">
        Tick two or more runs in the Runs view and press Compare.
      </div>
    );
  }
  const hasClock = comparisonHasClock(comparison);
  const axis: ComparisonAxis = hasClock ? chosenAxis : 'rounds';
  const toSeries = (metric: 'accuracy' | 'loss'): Series[] =>
    comparedSeries(comparison, metric, axis).map((s) => ({ id: s.id, label: s.label, color: seriesColor(s.run), points: s.points }));
  const rows = differenceRows(comparison);
  const xAxis = axis === 'time' ? 'time' : 'round';
  return (
    <div className="metrics" data-testid="compare-panel">
      {hasClock && (
        <div className="metrics-actions">
          <div className="segmented" role="group" aria-label="x axis">
            {(['rounds', 'time'] as const).map((a) => (
              <button key={a} type="button" className={`button${axis === a ? ' active' : ''}`} aria-pressed={axis === a} onClick={() => setAxis(a)} data-testid={`compare-axis-${a}`}>
                {a === 'rounds' ? 'Rounds' : 'Simulated time'}
              </button>
            ))}
          </div>
        </div>
      )}
      <div className="metrics-grid">
        <LineChart title="Test accuracy, one line per run" series={toSeries('accuracy')} xAxis={xAxis} yLabel={AXIS_TITLES.accuracy} yDomain={[0, 1]} yFormat={pct} testId="compare-chart-accuracy" />
        <LineChart title="Test loss, one line per run" series={toSeries('loss')} xAxis={xAxis} yLabel={AXIS_TITLES.loss} zeroBased testId="compare-chart-loss" />
      </div>
      <table className="compare-table" data-testid="compare-finals">
        <thead>
          <tr>
            <th>Run</th>
            <th>Status</th>
            <th>Seed</th>
            <th>Duration</th>
            <th>Federation</th>
            <th>Rounds</th>
            <th>Accuracy</th>
            <th>Loss</th>
            <th>ε</th>
          </tr>
        </thead>
        <tbody>
          {comparison.runs.flatMap((run) =>
            run.federations.map((f) => (
              <tr key={`${run.id}-${f.aggregatorId}`} data-testid={`compare-final-${run.id}-${f.aggregatorId}`}>
                <td title={run.id}>{runLabel(run)}</td>
                <td>{run.status}</td>
                <td>{run.seed}</td>
                <td>{formatSeconds(run.durationMs / 1000)}</td>
                <td>{f.label}</td>
                <td>
                  {f.roundsDone}/{f.rounds}
                </td>
                <td>{f.accuracy === null ? '—' : `${(f.accuracy * 100).toFixed(1)}%`}</td>
                <td>{fixed(f.loss, 4)}</td>
                <td>{fixed(f.epsilon, 2)}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
      <table className="compare-table" data-testid="compare-differences">
        <thead>
          <tr>
            <th>Setting that differs</th>
            {comparison.runs.map((run) => (
              <th key={run.id} title={run.id}>
                {runLabel(run)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={comparison.runs.length + 1}>The runs' documents are the same.</td>
            </tr>
          )}
          {rows.map((row) => (
            <tr key={row.key} data-testid={`compare-difference-${row.key}`}>
              <td>{row.where}</td>
              {row.values.map((v, i) => (
                <td key={i}>{v}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import { useMemo } from 'react';
import { attackersText, gapText, type DefenceTable } from '../../../engine/export/defenceTable.js';
import { useRun } from '../hooks/useRun.js';
import { runDefenceTable } from '../store/runDefences.js';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** The Metrics panel's defence table: each federation's defence, its attackers, its accuracy and gap to the honest reference. */
export function DefencesTable({ table }: { table: DefenceTable }) {
  const reference = table.rows.find((r) => r.reference);
  return (
    <div className="metrics-defences" data-testid="metrics-defences">
      <div className="chart-title">
        Defences
        <span className="chart-note">
          {reference ? ` gap: final test accuracy minus that of ${reference.label} (honest clients only)` : ' no federation of honest clients only, so no gaps'}
        </span>
      </div>
      <table>
        <thead>
          <tr>
            <th>Federation</th>
            <th>Defence</th>
            <th>Attackers</th>
            <th>Final</th>
            <th>Best</th>
            <th>Gap</th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => (
            <tr key={r.aggregatorId} data-testid="metrics-defences-row">
              <td>{r.label}</td>
              <td title={r.defence.how}>{r.defence.name}</td>
              <td>{attackersText(r)}</td>
              <td>
                {pct(r.final)}
                {r.divergedAt !== undefined ? ` (diverged r${r.divergedAt})` : ''}
              </td>
              <td>{pct(r.best)}</td>
              <td>{r.reference ? 'reference' : r.gap === null ? '—' : gapText(r.gap)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The run's defence table, where some federation faces attacking clients. It reads the whole run state, so it
 * re-renders on every run event: a component of its own, so that the Metrics panel's charts do not.
 */
export function RunDefences() {
  const run = useRun((s) => s);
  const table = useMemo(() => runDefenceTable(run), [run]);
  return table ? <DefencesTable table={table} /> : null;
}

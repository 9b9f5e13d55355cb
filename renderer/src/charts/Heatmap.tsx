import { memo } from 'react';

export interface HeatmapProps {
  /** values[row][column], e.g. labelCounts[client][class]. */
  values: number[][];
  columnLabels?: string[];
  rowLabel?: (row: number) => string;
  /** Cell size in pixels; small for the node preview, larger for the panel. */
  cell: number;
  /** Draw at most this many rows (the rest are summarised). */
  maxRows?: number;
  showLabels?: boolean;
  testId?: string;
  title?: string;
}

/** A clients × labels heatmap as SVG rectangles; each row is shaded by its own largest count. */
export const Heatmap = memo(function Heatmap({
  values,
  columnLabels,
  rowLabel = (r) => `client ${r}`,
  cell,
  maxRows = 200,
  showLabels = false,
  testId,
  title,
}: HeatmapProps) {
  const rows = values.slice(0, maxRows);
  const cols = Math.max(0, ...rows.map((r) => r.length));
  const left = showLabels ? 60 : 0;
  const top = showLabels ? 14 : 0;
  const width = left + cols * cell;
  const height = top + rows.length * cell;
  return (
    <figure className="heatmap" data-testid={testId}>
      <svg width={width} height={height} role="img" aria-label={title ?? 'Label counts per client'}>
        {showLabels &&
          Array.from({ length: cols }, (_, c) => (
            <text key={`c${c}`} className="chart-tick" x={left + c * cell + cell / 2} y={10} textAnchor="middle">
              {columnLabels?.[c] ?? c}
            </text>
          ))}
        {rows.map((row, r) => {
          const max = Math.max(1, ...row);
          const total = row.reduce((a, b) => a + b, 0);
          return (
            <g key={r}>
              {showLabels && (
                <text className="chart-tick" x={left - 4} y={top + r * cell + cell / 2} textAnchor="end" dominantBaseline="middle">
                  {rowLabel(r)}
                </text>
              )}
              {row.map((v, c) => (
                <rect
                  key={c}
                  x={left + c * cell}
                  y={top + r * cell}
                  width={Math.max(1, cell - (cell > 6 ? 1 : 0))}
                  height={Math.max(1, cell - (cell > 6 ? 1 : 0))}
                  fill="var(--heat)"
                  fillOpacity={v === 0 ? 0.06 : 0.15 + 0.85 * (v / max)}
                >
                  <title>{`${rowLabel(r)}, label ${columnLabels?.[c] ?? c}: ${v} of ${total}`}</title>
                </rect>
              ))}
            </g>
          );
        })}
      </svg>
      {values.length > rows.length && <figcaption>… and {values.length - rows.length} more clients</figcaption>}
    </figure>
  );
});

import { memo, useState } from 'react';
import { AXIS_TITLES } from './axisTitles.js';
import { heatLegendCounts, heatOpacity } from './scale.js';

export interface HeatmapProps {
  /** values[row][column], e.g. labelCounts[client][class]. */
  values: number[][];
  columnLabels?: string[];
  rowLabel?: (row: number) => string;
  /** Cell size in pixels; small for the node preview, larger for the panel. */
  cell: number;
  /** Draw at most this many rows (the rest are summarised). */
  maxRows?: number;
  /** Row and column labels and the axes' titles (the full-size heatmap). */
  showLabels?: boolean;
  testId?: string;
  title?: string;
}

/** About how wide a text is at a font size (px), to leave the legend room. */
const textWidth = (text: string, size: number) => text.length * size * 0.6;

/**
 * A clients × labels heatmap as SVG rectangles, shaded on one scale from 0 to the largest count, with a
 * colour legend under it (inside the SVG, so an exported file keeps it) and a tooltip naming the client,
 * the label and the count of the cell under the pointer.
 */
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
  const [hover, setHover] = useState<{ r: number; c: number } | null>(null);
  const rows = values.slice(0, maxRows);
  const cols = Math.max(0, ...rows.map((r) => r.length));
  const max = Math.max(0, ...rows.flat().filter(Number.isFinite));
  const left = showLabels ? 60 : 0;
  const top = showLabels ? 28 : 0;
  const font = showLabels ? 10 : 8;
  const legendCounts = heatLegendCounts(max);
  const swatch = showLabels ? 14 : 8;
  const legendTop = top + rows.length * cell + (showLabels ? 8 : 4);
  const legendH = font + 4;
  const maxText = String(max);
  const legendW = textWidth('0', font) + 4 + legendCounts.length * swatch + 4 + textWidth(maxText, font) + (showLabels ? 6 + textWidth(AXIS_TITLES.count, font) : 0);
  const width = Math.ceil(Math.max(left + cols * cell, legendW + 2));
  const height = legendTop + legendH + 1;
  const swatchX = textWidth('0', font) + 4;
  const label = (c: number) => columnLabels?.[c] ?? String(c);
  const cellText = (r: number, c: number) => {
    const row = rows[r] ?? [];
    const total = row.reduce((a, b) => a + b, 0);
    return `${rowLabel(r)}, ${AXIS_TITLES.label} ${label(c)}: ${row[c] ?? 0} of ${total} examples`;
  };
  const onMove = (e: React.MouseEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const c = Math.floor((e.clientX - box.left - left) / cell);
    const r = Math.floor((e.clientY - box.top - top) / cell);
    setHover(r >= 0 && r < rows.length && c >= 0 && c < (rows[r]?.length ?? 0) ? { r, c } : null);
  };
  return (
    <figure className="heatmap" data-testid={testId}>
      <svg width={width} height={height} role="img" aria-label={title ?? `Label counts per client: 0 to ${max} examples`} onMouseMove={onMove} onMouseLeave={() => setHover(null)}>
        {showLabels && (
          <text className="chart-tick" x={0} y={10} data-testid={testId ? `${testId}-axes` : undefined}>
            {`${AXIS_TITLES.client} ↓ · ${AXIS_TITLES.label} →`}
          </text>
        )}
        {showLabels &&
          Array.from({ length: cols }, (_, c) => (
            <text key={`c${c}`} className="chart-tick" x={left + c * cell + cell / 2} y={top - 4} textAnchor="middle">
              {label(c)}
            </text>
          ))}
        {rows.map((row, r) => (
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
                fillOpacity={heatOpacity(v, max)}
                stroke={hover && hover.r === r && hover.c === c ? 'var(--fg)' : undefined}
              >
                <title>{cellText(r, c)}</title>
              </rect>
            ))}
          </g>
        ))}
        <g className="heatmap-legend" data-testid={testId ? `${testId}-legend` : undefined}>
          <text className="chart-tick" x={0} y={legendTop + legendH - 3} fontSize={font}>
            0
          </text>
          {legendCounts.map((v, k) => (
            <rect key={k} x={swatchX + k * swatch} y={legendTop + 1} width={swatch} height={legendH - 3} fill="var(--heat)" fillOpacity={heatOpacity(v, max)}>
              <title>{`${v} examples`}</title>
            </rect>
          ))}
          <text className="chart-tick" x={swatchX + legendCounts.length * swatch + 4} y={legendTop + legendH - 3} fontSize={font} data-testid={testId ? `${testId}-legend-max` : undefined}>
            {showLabels ? `${maxText} ${AXIS_TITLES.count}` : maxText}
          </text>
        </g>
      </svg>
      {hover && (
        <div className="chart-tooltip" role="status" data-testid={testId ? `${testId}-tooltip` : undefined} style={{ left: left + (hover.c + 1) * cell + 4, top: top + hover.r * cell }}>
          {cellText(hover.r, hover.c)}
        </div>
      )}
      {values.length > rows.length && <figcaption>… and {values.length - rows.length} more clients</figcaption>}
    </figure>
  );
});

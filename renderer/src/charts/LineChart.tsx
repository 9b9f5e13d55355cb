import { memo, useState } from 'react';
import { useElementSize } from '../hooks/useElementSize.js';
import { formatBytes } from '../../../engine/text/bytes.js';
import { formatSeconds } from '../store/simulatedTime.js';
import { byteTickLabel, byteTicks, linear, niceTicks, shortNumber, timeTickLabel, timeTicks } from './scale.js';

export interface Series {
  id: string;
  label: string;
  color: string;
  points: { x: number; y: number }[];
  dashed?: boolean;
  /** Thin and pale, for many lines (per-client losses). */
  faint?: boolean;
}

export interface LineChartProps {
  title: string;
  series: Series[];
  /** What x is: the round (integer ticks from 1), simulated seconds (ticks in s, min, h or d from 0), or bytes (ticks in B, kB, MB or GB from 0). */
  xAxis?: 'round' | 'time' | 'bytes';
  /** The x axis' label; by default "round", "simulated time (<unit>)" on a time axis, "<xName> (<unit>)" on a bytes axis. */
  xLabel?: string;
  /** What a bytes axis counts ("cumulative uplink"), for its label and the hover read-out. */
  xName?: string;
  /** Fixed y range, e.g. [0, 1] for accuracy. */
  yDomain?: [number, number];
  yFormat?: (v: number) => string;
  height?: number;
  testId: string;
  /** Hide the legend (many faint series). */
  legend?: boolean;
  /** Legend entries to show instead of one per series (e.g. one per federation when each has two lines). */
  legendItems?: { label: string; color: string; dashed?: boolean }[];
  /** Keep 0 on the y axis (losses, bytes), so a flat line does not look like a wild one. */
  zeroBased?: boolean;
  /** Controls shown beside the title (a picker). */
  titleExtra?: React.ReactNode;
  empty?: string;
}

// The bottom margin holds the x ticks and, under them, the axis' label, so a long label ("cumulative
// uplink (MB)") never covers the last tick.
const M = { top: 8, right: 12, bottom: 32, left: 42 };

/** A small SVG line chart: axes with round ticks, one polyline per series, a legend and a hover read-out. */
export const LineChart = memo(function LineChart({
  title,
  series,
  xAxis = 'round',
  xLabel,
  xName = 'bytes',
  yDomain,
  yFormat = shortNumber,
  height = 140,
  testId,
  legend = true,
  legendItems,
  zeroBased = false,
  titleExtra,
  empty = 'No data yet: run the pipeline.',
}: LineChartProps) {
  const [ref, { width }] = useElementSize<HTMLDivElement>();
  const [hoverX, setHoverX] = useState<number | null>(null);
  const all = series.flatMap((s) => s.points);
  const w = Math.max(120, width);
  const h = height;
  let body: React.ReactNode = null;
  let readout: React.ReactNode = null;
  if (all.length > 0) {
    const time = xAxis === 'time';
    const bytes = xAxis === 'bytes';
    const xs = all.map((p) => p.x);
    const ys = all.map((p) => p.y).filter(Number.isFinite);
    // Rounds start at 1; the simulated clock and the bytes so far at 0, when the first round begins.
    const x0 = Math.min(...xs, time || bytes ? 0 : 1);
    const x1 = Math.max(...xs, x0 + 1);
    let [y0, y1] = yDomain ?? [Math.min(...ys), Math.max(...ys)];
    if (!yDomain) {
      const pad = (y1 - y0) * 0.08 || Math.abs(y1) * 0.1 || 1;
      y0 = zeroBased ? Math.min(0, y0) : Math.max(y0 >= 0 ? 0 : -Infinity, y0 - pad);
      y1 += pad;
    }
    const sx = linear(x0, x1, M.left, w - M.right);
    const sy = linear(y0, y1, h - M.bottom, M.top);
    const tickCount = Math.max(2, Math.floor(w / 70));
    const timeAxis = time ? timeTicks(x0, x1, tickCount) : null;
    const byteAxis = bytes ? byteTicks(x0, x1, tickCount) : null;
    const unitTicks = timeAxis?.ticks ?? byteAxis?.ticks;
    const xTicks = unitTicks ? unitTicks.filter((t) => t >= x0 && t <= x1) : niceTicks(x0, x1, tickCount).filter((t) => Number.isInteger(t));
    const xTick = (t: number) => (timeAxis ? timeTickLabel(t, timeAxis) : byteAxis ? byteTickLabel(t, byteAxis) : String(t));
    const axisLabel = xLabel ?? (timeAxis ? `simulated time (${timeAxis.unit})` : byteAxis ? `${xName} (${byteAxis.unit})` : 'round');
    const yTicks = niceTicks(y0, y1, 4);
    body = (
      <>
        {yTicks.map((t) => (
          <g key={`y${t}`}>
            <line className="chart-grid" x1={M.left} x2={w - M.right} y1={sy(t)} y2={sy(t)} />
            <text className="chart-tick" x={M.left - 4} y={sy(t)} textAnchor="end" dominantBaseline="middle">
              {yFormat(t)}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={`x${t}`} className="chart-tick" x={sx(t)} y={h - M.bottom + 12} textAnchor="middle">
            {xTick(t)}
          </text>
        ))}
        <text className="chart-tick" x={w - M.right} y={h - 2} textAnchor="end" data-testid={`${testId}-x-label`}>
          {axisLabel}
        </text>
        {series.map((s) =>
          s.points.length === 1 ? (
            <circle key={s.id} cx={sx(s.points[0].x)} cy={sy(s.points[0].y)} r={2.5} fill={s.color} />
          ) : (
            <polyline
              key={s.id}
              fill="none"
              stroke={s.color}
              strokeWidth={s.faint ? 1 : 2}
              strokeOpacity={s.faint ? 0.55 : 1}
              strokeDasharray={s.dashed ? '5 3' : undefined}
              points={s.points.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ')}
            />
          ),
        )}
      </>
    );
    if (hoverX !== null) {
      const hover = hoverAt(series, hoverX, time || bytes, x0, x1, sx);
      if (hover) {
        const { x, values } = hover;
        body = (
          <>
            {body}
            <line className="chart-cursor" x1={sx(x)} x2={sx(x)} y1={M.top} y2={h - M.bottom} />
          </>
        );
        readout = (
          <div className="chart-readout">
            {time ? `simulated time ${formatSeconds(x)}` : bytes ? `${xName} ${formatBytes(x)}` : `${axisLabel} ${x}`}:{' '}
            {values.slice(0, 6).map(({ s, p }) => (
              <span key={s.id} style={{ color: s.color }}>
                {s.label} {yFormat(p.y)}{' '}
              </span>
            ))}
          </div>
        );
      }
    }
  }
  return (
    <div className="chart" data-testid={testId}>
      <div className="chart-title">
        <span className="chart-title-text">{title}</span>
        {titleExtra}
      </div>
      <div ref={ref} className="chart-body">
        {all.length === 0 ? (
          <div className="chart-empty" style={{ height: h }}>
            {empty}
          </div>
        ) : (
          <svg
            width={w}
            height={h}
            role="img"
            aria-label={title}
            onMouseMove={(e) => setHoverX(e.clientX - e.currentTarget.getBoundingClientRect().left)}
            onMouseLeave={() => setHoverX(null)}
          >
            <line className="chart-axis" x1={M.left} x2={M.left} y1={M.top} y2={h - M.bottom} />
            <line className="chart-axis" x1={M.left} x2={w - M.right} y1={h - M.bottom} y2={h - M.bottom} />
            {body}
          </svg>
        )}
      </div>
      {readout}
      {legend && series.length > 0 && (
        <div className="chart-legend">
          {(legendItems ?? series).map((s) => (
            <span key={s.label} className="chart-legend-item">
              <svg width="16" height="8">
                <line x1="0" x2="16" y1="4" y2="4" stroke={s.color} strokeWidth="2" strokeDasharray={s.dashed ? '4 2' : undefined} />
              </svg>
              {s.label}
            </span>
          ))}
        </div>
      )}
    </div>
  );
});

/** How far (px) from the pointer a series' point may be and still be read out on a time axis. */
const HOVER_PX = 12;

/**
 * The x under the pointer and each series' value there. On rounds, the nearest round and the series with
 * a point at it. On a time or bytes axis, where several federations' rounds end at different places, the
 * point nearest the pointer, and each series' point within a few pixels of it.
 */
function hoverAt(
  series: Series[],
  hoverX: number,
  continuous: boolean,
  x0: number,
  x1: number,
  sx: (v: number) => number,
): { x: number; values: { s: Series; p: { x: number; y: number } }[] } | null {
  if (!continuous) {
    const x = Math.round(x0 + ((hoverX - sx(x0)) / (sx(x1) - sx(x0))) * (x1 - x0));
    if (x < x0 || x > x1) return null;
    const values = series
      .map((s) => ({ s, p: s.points.find((p) => p.x === x) }))
      .filter((v): v is { s: Series; p: { x: number; y: number } } => !!v.p);
    return values.length > 0 ? { x, values } : null;
  }
  let nearest: number | null = null;
  for (const s of series) for (const p of s.points) if (nearest === null || Math.abs(sx(p.x) - hoverX) < Math.abs(sx(nearest) - hoverX)) nearest = p.x;
  if (nearest === null || Math.abs(sx(nearest) - hoverX) > HOVER_PX * 2) return null;
  const at = nearest;
  const values = series
    .map((s) => ({ s, p: s.points.reduce<{ x: number; y: number } | undefined>((best, p) => (!best || Math.abs(p.x - at) < Math.abs(best.x - at) ? p : best), undefined) }))
    .filter((v): v is { s: Series; p: { x: number; y: number } } => !!v.p && Math.abs(sx(v.p.x) - sx(at)) <= HOVER_PX);
  return { x: at, values };
}

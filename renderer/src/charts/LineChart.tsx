import { memo, useState } from 'react';
import { useElementSize } from '../hooks/useElementSize.js';
import { formatBytes } from '../../../engine/text/bytes.js';
import { formatSeconds } from '../store/simulatedTime.js';
import { AXIS_TITLES, bytesTitle, scaledTitle, simulatedTimeTitle } from './axisTitles.js';
import { nearestPoint, stepPoint, type DrawnPoint, type PointKey } from './nearestPoint.js';
import {
  byteTickLabel,
  byteTicks,
  linear,
  logarithmic,
  logDomain,
  logTicks,
  niceTicks,
  plottable,
  plottableRuns,
  shortNumber,
  timeTickLabel,
  timeTicks,
  type YScale,
} from './scale.js';

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
  /** The x axis' title; by default "round", "simulated time (<unit>)" on a time axis, "<xName> (<unit>)" on a bytes axis. */
  xLabel?: string;
  /** What a bytes axis counts ("cumulative uplink"), for its title and the tooltip. */
  xName?: string;
  /** The y axis' quantity and unit (see axisTitles.ts); on a bytes y axis, the quantity, its unit added. */
  yLabel: string;
  /** Whether y is a count of bytes: ticked in B, kB, MB or GB, the unit in the axis title. */
  yBytes?: boolean;
  /** Linear, or by decades (ticks 1-2-5 of each decade); values at or below zero are not drawn on a log axis. */
  yScale?: YScale;
  /** Fixed y range, e.g. [0, 1] for accuracy (linear axis only). */
  yDomain?: [number, number];
  yFormat?: (v: number) => string;
  /** A value as the tooltip shows it (more digits than a tick). */
  valueFormat?: (v: number) => string;
  height?: number;
  testId: string;
  /** Hide the legend (many faint series). */
  legend?: boolean;
  /** Legend entries to show instead of one per series (e.g. one per federation when each has two lines). */
  legendItems?: { label: string; color: string; dashed?: boolean }[];
  /** Keep 0 on the y axis (losses, bytes), so a flat line does not look like a wild one (linear axis only). */
  zeroBased?: boolean;
  /** Controls shown beside the title (a picker, a scale toggle). */
  titleExtra?: React.ReactNode;
  /** Downloads the chart as SVG: shows an SVG button in the title. */
  onExport?: () => void;
  empty?: string;
}

// The bottom margin holds the x ticks and, under them, the axis' title, so a long title ("cumulative
// uplink (MB)") never covers the last tick; the top one the y axis' title, above its ticks, where a long
// title ("loss (cross-entropy, nats), log scale") has the chart's width rather than its height.
const M = { top: 20, right: 12, bottom: 32, left: 42 };
/** How far (px) from the pointer a point may be and still be the one the tooltip reads. */
const HOVER_RADIUS = 48;
const POINT_KEYS: readonly string[] = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'] satisfies PointKey[];

const fourDigits = (v: number) => Number(v.toPrecision(4)).toString();

/**
 * A small SVG line chart: both axes titled with their quantity and unit, round ticks (1-2-5 decades on a
 * log axis), one polyline per series, a legend, and a tooltip on the point nearest the pointer (or moved
 * to with the arrow keys once the chart has focus).
 */
export const LineChart = memo(function LineChart({
  title,
  series,
  xAxis = 'round',
  xLabel,
  xName = 'bytes',
  yLabel,
  yBytes = false,
  yScale = 'linear',
  yDomain,
  yFormat = shortNumber,
  valueFormat,
  height = 152,
  testId,
  legend = true,
  legendItems,
  zeroBased = false,
  titleExtra,
  onExport,
  empty = 'No data yet: run the pipeline.',
}: LineChartProps) {
  const [ref, { width }] = useElementSize<HTMLDivElement>();
  const [active, setActive] = useState<{ series: number; index: number } | null>(null);
  const all = series.flatMap((s) => s.points);
  const drawable = all.filter((p) => Number.isFinite(p.x) && plottable(p.y, yScale));
  const hidden = all.length - drawable.length;
  const w = Math.max(120, width);
  const h = height;
  let body: React.ReactNode = null;
  let tooltip: React.ReactNode = null;
  let marks: React.ReactNode = null;
  let drawn: DrawnPoint[] = [];
  const log = yScale === 'log';
  const emptyText = all.length === 0 ? empty : drawable.length === 0 ? (log ? 'No value above 0 to draw on a log scale.' : 'No finite value to draw.') : null;
  if (emptyText === null) {
    const time = xAxis === 'time';
    const bytes = xAxis === 'bytes';
    const xs = drawable.map((p) => p.x);
    const ys = drawable.map((p) => p.y);
    // Rounds start at 1; the simulated clock and the bytes so far at 0, when the first round begins.
    const x0 = Math.min(...xs, time || bytes ? 0 : 1);
    const x1 = Math.max(...xs, x0 + 1);
    let y0: number;
    let y1: number;
    if (log) {
      // ys holds positive finite values only (plottable), so the domain exists.
      [y0, y1] = logDomain(Math.min(...ys), Math.max(...ys)) ?? [1, 10];
    } else {
      [y0, y1] = yDomain ?? [Math.min(...ys), Math.max(...ys)];
      if (!yDomain) {
        const pad = (y1 - y0) * 0.08 || Math.abs(y1) * 0.1 || 1;
        y0 = zeroBased ? Math.min(0, y0) : Math.max(y0 >= 0 ? 0 : -Infinity, y0 - pad);
        y1 += pad;
      }
    }
    const sx = linear(x0, x1, M.left, w - M.right);
    const sy = (log ? logarithmic : linear)(y0, y1, h - M.bottom, M.top);
    const tickCount = Math.max(2, Math.floor(w / 70));
    const timeAxis = time ? timeTicks(x0, x1, tickCount) : null;
    const byteAxis = bytes ? byteTicks(x0, x1, tickCount) : null;
    const unitTicks = timeAxis?.ticks ?? byteAxis?.ticks;
    const xTicks = unitTicks ? unitTicks.filter((t) => t >= x0 && t <= x1) : niceTicks(x0, x1, tickCount).filter((t) => Number.isInteger(t));
    const xTick = (t: number) => (timeAxis ? timeTickLabel(t, timeAxis) : byteAxis ? byteTickLabel(t, byteAxis) : String(t));
    const xTitle = xLabel ?? (timeAxis ? simulatedTimeTitle(timeAxis.unit) : byteAxis ? bytesTitle(xName, byteAxis.unit) : AXIS_TITLES.round);
    const yByteAxis = yBytes && !log ? byteTicks(y0, y1, 4) : null;
    const yTicks = log ? logTicks(y0, y1, Math.max(3, Math.floor((h - M.top - M.bottom) / 16))) : (yByteAxis?.ticks.filter((t) => t >= y0 && t <= y1) ?? niceTicks(y0, y1, 4));
    const yTick = (t: number) => (yByteAxis ? byteTickLabel(t, yByteAxis) : yFormat(t));
    const yTitle = scaledTitle(yByteAxis ? bytesTitle(yLabel, yByteAxis.unit) : yLabel, yScale);
    const xText = (x: number) => (time ? formatSeconds(x) : bytes ? formatBytes(x) : String(x));
    const yText = valueFormat ?? (yBytes ? formatBytes : fourDigits);
    drawn = series.flatMap((s, i) => s.points.flatMap((p, j) => (Number.isFinite(p.x) && plottable(p.y, yScale) ? [{ series: i, index: j, px: sx(p.x), py: sy(p.y) }] : [])));
    body = (
      <>
        {yTicks.map((t) => (
          <g key={`y${t}`}>
            <line className="chart-grid" x1={M.left} x2={w - M.right} y1={sy(t)} y2={sy(t)} />
            <text className="chart-tick" x={M.left - 4} y={sy(t)} textAnchor="end" dominantBaseline="middle" data-tick={t}>
              {yTick(t)}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={`x${t}`} className="chart-tick" x={sx(t)} y={h - M.bottom + 12} textAnchor="middle">
            {xTick(t)}
          </text>
        ))}
        <text className="chart-tick" x={w - M.right} y={h - 2} textAnchor="end" data-testid={`${testId}-x-label`}>
          {xTitle}
        </text>
        <text className="chart-tick" x={4} y={10} textAnchor="start" data-testid={`${testId}-y-label`}>
          {yTitle}
        </text>
        {series.flatMap((s) =>
          plottableRuns(s.points, yScale).map((run, k) =>
            run.length === 1 ? (
              <circle key={`${s.id}-${k}`} cx={sx(run[0].x)} cy={sy(run[0].y)} r={2.5} fill={s.color} />
            ) : (
              <polyline
                key={`${s.id}-${k}`}
                fill="none"
                stroke={s.color}
                strokeWidth={s.faint ? 1 : 2}
                strokeOpacity={s.faint ? 0.55 : 1}
                strokeDasharray={s.dashed ? '5 3' : undefined}
                points={run.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ')}
              />
            ),
          ),
        )}
      </>
    );
    const at = active ? drawn.find((d) => d.series === active.series && d.index === active.index) : undefined;
    const s = at ? series[at.series] : undefined;
    const p = at && s ? s.points[at.index] : undefined;
    if (at && s && p) {
      // Beside the lines, never wrapping them: remounting the lines under the pointer would lose its leave event.
      marks = (
        <g pointerEvents="none">
          <line className="chart-cursor" x1={at.px} x2={at.px} y1={M.top} y2={h - M.bottom} />
          <circle className="chart-hover-point" cx={at.px} cy={at.py} r={4} fill="none" stroke={s.color} strokeWidth={2} />
        </g>
      );
      const flip = at.px > w * 0.6;
      tooltip = (
        <div
          className="chart-tooltip"
          role="status"
          data-testid={`${testId}-tooltip`}
          style={{ left: flip ? at.px - 10 : at.px + 10, top: Math.max(0, Math.min(h - 52, at.py - 26)), transform: flip ? 'translateX(-100%)' : undefined }}
        >
          <div className="chart-tooltip-series" style={{ color: s.color }}>
            {s.label}
          </div>
          <div>
            {xTitle}: {xText(p.x)}
          </div>
          <div>
            {yLabel}: {yText(p.y)}
          </div>
        </div>
      );
    }
  }
  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') return setActive(null);
    if (!POINT_KEYS.includes(e.key)) return;
    e.preventDefault();
    const from = active ? (drawn.find((d) => d.series === active.series && d.index === active.index) ?? null) : null;
    const next = stepPoint(drawn, from, e.key as PointKey);
    setActive(next ? { series: next.series, index: next.index } : null);
  };
  return (
    <div className="chart" data-testid={testId} data-y-scale={yScale}>
      <div className="chart-title">
        <span className="chart-title-text" title={title}>
          {title}
        </span>
        {hidden > 0 && emptyText === null && (
          <span className="chart-note" data-testid={`${testId}-hidden`} title={log ? 'A log axis cannot show zero, negative or non-finite values' : 'Values that are not finite numbers are not drawn'}>
            {hidden} value{hidden === 1 ? '' : 's'} {log ? '≤ 0 or not finite' : 'not finite'}, not drawn
          </span>
        )}
        {titleExtra}
        {onExport && (
          <button type="button" className="chart-export" onClick={onExport} title="Download this chart as an SVG file (axes, title and legend included)" data-testid={`${testId}-export`}>
            SVG
          </button>
        )}
      </div>
      <div ref={ref} className="chart-body">
        {emptyText !== null ? (
          <div className="chart-empty" style={{ height: h }}>
            {emptyText}
          </div>
        ) : (
          <svg
            width={w}
            height={h}
            role="img"
            tabIndex={0}
            aria-label={`${title}. Focus and use the arrow keys to read the values.`}
            onMouseMove={(e) => {
              const box = e.currentTarget.getBoundingClientRect();
              const near = nearestPoint(drawn, e.clientX - box.left, e.clientY - box.top, HOVER_RADIUS);
              setActive(near ? { series: near.series, index: near.index } : null);
            }}
            onMouseLeave={() => setActive(null)}
            onFocus={() => {
              if (active) return;
              const first = stepPoint(drawn, null, 'End');
              if (first) setActive({ series: first.series, index: first.index });
            }}
            onBlur={() => setActive(null)}
            onKeyDown={onKey}
          >
            <line className="chart-axis" x1={M.left} x2={M.left} y1={M.top} y2={h - M.bottom} />
            <line className="chart-axis" x1={M.left} x2={w - M.right} y1={h - M.bottom} y2={h - M.bottom} />
            {body}
            {marks}
          </svg>
        )}
        {tooltip}
      </div>
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

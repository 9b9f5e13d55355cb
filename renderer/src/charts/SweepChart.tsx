import { AXIS_TITLES } from './axisTitles.js';
import { seriesColor } from './palette.js';
import type { SweepChartSeries } from '../store/sweepPlan.js';

const W = 420;
const H = 220;
const M = { top: 20, right: 12, bottom: 36, left: 42 };

/**
 * A sweep's chart: final test accuracy (0–100%) against the first swept setting's values as categories,
 * one line per combination of the other settings, each point's min–max over seeds as a bar with caps.
 * Its own small SVG rather than LineChart, whose x axis is numeric (rounds, time, bytes).
 */
export function SweepChart({ xLabels, xTitle, series, testId }: { xLabels: string[]; xTitle: string; series: SweepChartSeries[]; testId: string }) {
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const step = plotW / Math.max(1, xLabels.length);
  const xOf = (i: number) => M.left + step * (i + 0.5);
  const yOf = (v: number) => M.top + plotH * (1 - Math.max(0, Math.min(1, v)));
  return (
    <figure className="sweep-chart" data-testid={testId}>
      <figcaption className="chart-title">Final test accuracy against {xTitle}, one line per other setting</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`Final test accuracy against ${xTitle}`}>
        <text x={M.left} y={12} fontSize={10} fill="currentColor">
          {AXIS_TITLES.accuracy}
        </text>
        {[0, 0.25, 0.5, 0.75, 1].map((t) => (
          <g key={t}>
            <line x1={M.left} x2={W - M.right} y1={yOf(t)} y2={yOf(t)} stroke="currentColor" strokeOpacity={0.12} />
            <text x={M.left - 4} y={yOf(t) + 3} fontSize={9} textAnchor="end" fill="currentColor">
              {Math.round(t * 100)}%
            </text>
          </g>
        ))}
        {xLabels.map((label, i) => (
          <text key={i} x={xOf(i)} y={H - M.bottom + 12} fontSize={9} textAnchor="middle" fill="currentColor">
            {label.length > 14 ? `${label.slice(0, 13)}…` : label}
          </text>
        ))}
        <text x={M.left + plotW / 2} y={H - 6} fontSize={10} textAnchor="middle" fill="currentColor">
          {xTitle}
        </text>
        {series.map((s, si) => {
          const color = seriesColor(si);
          return (
            <g key={s.id} data-testid={`${testId}-series`}>
              <polyline fill="none" stroke={color} strokeWidth={1.5} points={s.points.map((p) => `${xOf(p.x)},${yOf(p.mean)}`).join(' ')} />
              {s.points.map((p) => (
                <g key={p.x}>
                  <title>{`${s.label}: ${(p.mean * 100).toFixed(1)}% (min ${(p.min * 100).toFixed(1)}%, max ${(p.max * 100).toFixed(1)}%, n ${p.n})`}</title>
                  {p.max > p.min && (
                    <>
                      <line x1={xOf(p.x)} x2={xOf(p.x)} y1={yOf(p.min)} y2={yOf(p.max)} stroke={color} />
                      <line x1={xOf(p.x) - 4} x2={xOf(p.x) + 4} y1={yOf(p.min)} y2={yOf(p.min)} stroke={color} />
                      <line x1={xOf(p.x) - 4} x2={xOf(p.x) + 4} y1={yOf(p.max)} y2={yOf(p.max)} stroke={color} />
                    </>
                  )}
                  <circle cx={xOf(p.x)} cy={yOf(p.mean)} r={3} fill={color} />
                </g>
              ))}
            </g>
          );
        })}
      </svg>
      <div className="sweep-legend">
        {series.map((s, si) => (
          <span key={s.id} style={{ color: seriesColor(si), marginRight: 12 }}>
            ● {s.label}
          </span>
        ))}
      </div>
    </figure>
  );
}

import { memo, useState } from 'react';
import { formatSpeed, type SpeedBin } from '../store/speedHistogram.js';

const speedBin = (b: SpeedBin) => `${b.count} client${b.count === 1 ? '' : 's'} at ${formatSpeed(b.from)}–${formatSpeed(b.to)} steps/s`;

/**
 * Tiny bars of counts (a client group's speed bins, a round's update norms), as wide as a sparkline;
 * empty bins leave a gap. `marker` draws a dashed line at a place on the axis (0 left, 1 right), e.g. a clip norm.
 * The bin under the pointer is outlined and described in a tooltip (its count and range).
 */
export const Histogram = memo(function Histogram({
  bins,
  width = 120,
  height = 26,
  color = 'var(--accent)',
  label,
  testId,
  describeBin = speedBin,
  marker,
}: {
  bins: readonly SpeedBin[];
  width?: number;
  height?: number;
  color?: string;
  label: string;
  testId?: string;
  /** A bin's tooltip; by default a speed bin's. */
  describeBin?: (bin: SpeedBin) => string;
  marker?: { at: number; label: string };
}) {
  const [hover, setHover] = useState<number | null>(null);
  if (bins.length === 0) return null;
  const top = Math.max(1, ...bins.map((b) => b.count));
  const slot = (width - 4) / bins.length;
  const bar = Math.max(1, slot - (bins.length > 1 ? 1 : 0));
  const shown = hover !== null ? bins[hover] : undefined;
  return (
    <span className="histogram-wrap">
      <svg
        className="histogram"
        width={width}
        height={height}
        data-testid={testId}
        role="img"
        aria-label={label}
        onMouseMove={(e) => {
          // In screen pixels on both sides, so the canvas' zoom does not matter.
          const box = e.currentTarget.getBoundingClientRect();
          const i = Math.floor((((e.clientX - box.left) / box.width) * width - 2) / slot);
          setHover(i >= 0 && i < bins.length ? i : null);
        }}
        onMouseLeave={() => setHover(null)}
      >
        <line x1={2} x2={width - 2} y1={height - 1.5} y2={height - 1.5} stroke="var(--border)" strokeWidth={1} />
        {bins.map((b, i) => {
          const h = b.count === 0 ? 0 : Math.max(1.5, (b.count / top) * (height - 4));
          return (
            <rect key={i} x={2 + i * slot} y={height - 2 - h} width={bar} height={h} fill={color} stroke={i === hover ? 'var(--fg)' : undefined} data-count={b.count}>
              <title>{describeBin(b)}</title>
            </rect>
          );
        })}
        {marker && (
          <line x1={2 + marker.at * (width - 4)} x2={2 + marker.at * (width - 4)} y1={1} y2={height - 1} stroke="var(--error)" strokeWidth={1} strokeDasharray="2 1.5" data-testid={testId ? `${testId}-marker` : undefined}>
            <title>{marker.label}</title>
          </line>
        )}
      </svg>
      {shown && (
        <span className="chart-tooltip histogram-tooltip" role="status" data-testid={testId ? `${testId}-tooltip` : 'histogram-tooltip'} style={{ left: 0, top: height + 2 }}>
          {describeBin(shown)}
        </span>
      )}
    </span>
  );
});

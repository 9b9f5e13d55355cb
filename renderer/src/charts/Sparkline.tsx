import { memo } from 'react';
import { linear } from './scale.js';

/** A tiny line of values (a client group's loss per round), with the latest value. */
export const Sparkline = memo(function Sparkline({
  values,
  width = 120,
  height = 26,
  color = 'var(--accent)',
  testId,
}: {
  values: number[];
  width?: number;
  height?: number;
  color?: string;
  testId?: string;
}) {
  if (values.length === 0) return null;
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const sx = linear(0, Math.max(1, values.length - 1), 2, width - 2);
  const sy = linear(lo, hi === lo ? lo + 1 : hi, height - 3, 3);
  return (
    <svg className="sparkline" width={width} height={height} data-testid={testId} role="img" aria-label="loss per round">
      <polyline fill="none" stroke={color} strokeWidth={1.5} points={values.map((v, i) => `${sx(i).toFixed(1)},${sy(v).toFixed(1)}`).join(' ')} />
      <circle cx={sx(values.length - 1)} cy={sy(values[values.length - 1])} r={2} fill={color} />
    </svg>
  );
});

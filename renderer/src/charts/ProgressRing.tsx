import { memo } from 'react';

/** A ring filled to `progress` (0..1), for a node's share of the run done. */
export const ProgressRing = memo(function ProgressRing({ progress, size = 18, testId }: { progress: number; size?: number; testId?: string }) {
  const r = size / 2 - 2;
  const c = 2 * Math.PI * r;
  const p = Math.max(0, Math.min(1, progress));
  return (
    <svg className="progress-ring" width={size} height={size} data-testid={testId} role="progressbar" aria-valuenow={Math.round(p * 100)}>
      <circle cx={size / 2} cy={size / 2} r={r} fill="none" stroke="var(--border)" strokeWidth={2.5} />
      <circle
        cx={size / 2}
        cy={size / 2}
        r={r}
        fill="none"
        stroke="var(--accent)"
        strokeWidth={2.5}
        strokeDasharray={`${(c * p).toFixed(2)} ${c.toFixed(2)}`}
        transform={`rotate(-90 ${size / 2} ${size / 2})`}
        strokeLinecap="round"
      />
    </svg>
  );
});

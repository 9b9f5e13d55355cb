import { memo } from 'react';

/** The workbench's icons as small inline SVGs (no icon font, nothing to load, same on every system). */
const PATHS = {
  explorer: 'M5 1.5h5l3 3v8.5H5z M10 1.5v3h3 M3 4v10.5h7.5',
  templates: 'M2 2h5v5H2z M9 2h5v5H9z M2 9h5v5H2z M9 9h5v5H9z',
  runs: 'M1.5 13.5l4-5 3 3 6-8 M1.5 14.5h13',
  commands: 'M2 3l5 5-5 5 M8 13h6',
  sun: 'M8 5a3 3 0 1 0 0.01 0z M8 1v2 M8 13v2 M1 8h2 M13 8h2 M3 3l1.4 1.4 M11.6 11.6L13 13 M3 13l1.4-1.4 M11.6 4.4L13 3',
  moon: 'M11.5 10.5A5.5 5.5 0 0 1 5.5 2.2a5.5 5.5 0 1 0 8.3 7.3 5.5 5.5 0 0 1-2.3 1z',
  play: 'M4 2.5l9 5.5-9 5.5z',
  pause: 'M4 2.5h2.5v11H4z M9.5 2.5H12v11H9.5z',
  step: 'M3 2.5l7 5.5-7 5.5z M11 2.5h2v11h-2z',
  stop: 'M3.5 3.5h9v9h-9z',
  close: 'M4 4l8 8 M12 4l-8 8',
  error: 'M8 1.5a6.5 6.5 0 1 0 0.01 0z M5.5 5.5l5 5 M10.5 5.5l-5 5',
  warning: 'M8 1.5l7 12.5H1z M8 6v4 M8 11.5v1',
  check: 'M2.5 8.5l3.5 3.5 7.5-8',
  /** Serve: a server with waves going out to its clients. */
  serve: 'M8 6.2a1.8 1.8 0 1 0 0.01 0z M5.2 5a4 4 0 0 0 0 6 M10.8 5a4 4 0 0 1 0 6 M3 3a7 7 0 0 0 0 10 M13 3a7 7 0 0 1 0 10',
} as const;

const FILLED = new Set<IconName>(['play', 'pause', 'step', 'stop']);

export type IconName = keyof typeof PATHS;

export const Icon = memo(function Icon({ name, size = 16, className }: { name: IconName; size?: number; className?: string }) {
  const filled = FILLED.has(name);
  return (
    <svg
      className={`icon ${className ?? ''}`}
      width={size}
      height={size}
      viewBox="0 0 16 16"
      aria-hidden
      fill={filled ? 'currentColor' : 'none'}
      stroke="currentColor"
      strokeWidth={filled ? 0 : 1.3}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={PATHS[name]} />
    </svg>
  );
});

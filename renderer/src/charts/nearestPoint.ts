/**
 * Which drawn point a pointer or the keyboard is on, for a line chart's tooltip. Pure (pixel positions
 * in, indices out), so it is tested without a page.
 */

/** A drawn point: its series' index, its index within the series, and where it is on the chart (px). */
export interface DrawnPoint {
  series: number;
  index: number;
  px: number;
  py: number;
}

/** The drawn point nearest (px, py), if one lies within `radius` pixels; ties go to the earlier series. */
export function nearestPoint(points: readonly DrawnPoint[], px: number, py: number, radius = Infinity): DrawnPoint | null {
  let best: DrawnPoint | null = null;
  let bestD = radius * radius;
  for (const p of points) {
    const d = (p.px - px) ** 2 + (p.py - py) ** 2;
    if (d < bestD || (best === null && d <= bestD)) {
      best = p;
      bestD = d;
    }
  }
  return best;
}

/** The arrow keys a chart answers to: along a series, or across to the next series' point nearest in x. */
export type PointKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End';

/**
 * The point a key moves to from `at` (or, with none yet, the last point of the first series): left and
 * right step along its series, up and down go to the neighbouring series' point nearest in x, Home and End
 * to its series' ends. Stays put at an edge.
 */
export function stepPoint(points: readonly DrawnPoint[], at: DrawnPoint | null, key: PointKey): DrawnPoint | null {
  if (points.length === 0) return null;
  const seriesIds = [...new Set(points.map((p) => p.series))].sort((a, b) => a - b);
  const inSeries = (s: number) => points.filter((p) => p.series === s).sort((a, b) => a.index - b.index);
  if (!at) {
    const first = inSeries(seriesIds[0]);
    return first[first.length - 1];
  }
  const own = inSeries(at.series);
  const pos = Math.max(0, own.findIndex((p) => p.index === at.index));
  switch (key) {
    case 'ArrowLeft':
      return own[Math.max(0, pos - 1)];
    case 'ArrowRight':
      return own[Math.min(own.length - 1, pos + 1)];
    case 'Home':
      return own[0];
    case 'End':
      return own[own.length - 1];
    case 'ArrowUp':
    case 'ArrowDown': {
      const k = seriesIds.indexOf(at.series) + (key === 'ArrowDown' ? 1 : -1);
      if (k < 0 || k >= seriesIds.length) return at;
      const next = inSeries(seriesIds[k]);
      return next.reduce((best, p) => (Math.abs(p.px - at.px) < Math.abs(best.px - at.px) ? p : best), next[0]);
    }
  }
}

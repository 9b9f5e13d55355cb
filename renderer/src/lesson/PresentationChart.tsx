import { useMemo } from 'react';
import { AXIS_TITLES } from '../charts/axisTitles.js';
import { LineChart, type Series } from '../charts/LineChart.js';
import { seriesColor } from '../charts/palette.js';
import { useRun } from '../hooks/useRun.js';
import { chartPoints } from '../store/metricsAxis.js';
import type { FederationMetrics } from '../store/runState.js';

const NO_POSITIONS = new Map<number, number>();

const pct = (v: number) => `${Math.round(v * 100)}%`;

/** The test accuracy of every federation per round, large, for presentation mode: what the class watches climb. */
export function PresentationChart() {
  const federations = useRun((s) => s.federations);
  const order = useRun((s) => s.federationOrder);
  const series: Series[] = useMemo(
    () =>
      order
        .map((id) => federations[id])
        .filter((f): f is FederationMetrics => !!f)
        .map((f, i) => ({ id: `${f.aggregatorId}-acc`, label: f.label, color: seriesColor(i), points: chartPoints(f.accuracy, 'rounds', NO_POSITIONS) })),
    [order, federations],
  );
  return (
    <div className="presentation-chart" data-testid="presentation-chart">
      {series.some((s) => s.points.length > 0) ? (
        <LineChart title="Test accuracy" series={series} xAxis="round" yLabel={AXIS_TITLES.accuracy} yDomain={[0, 1]} yFormat={pct} testId="presentation-chart-accuracy" />
      ) : (
        <p className="lesson-hint">Test accuracy appears here round by round once the run starts.</p>
      )}
    </div>
  );
}

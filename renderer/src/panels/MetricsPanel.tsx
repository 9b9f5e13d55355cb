import { useMemo, useState } from 'react';
import { assertNever } from '../../../engine/format/nodeKinds.js';
import { formatBytes } from '../../../engine/text/bytes.js';
import { AXIS_TITLES, BYTE_QUANTITIES } from '../charts/axisTitles.js';
import { Heatmap } from '../charts/Heatmap.js';
import { LineChart, type Series } from '../charts/LineChart.js';
import { seriesColor } from '../charts/palette.js';
import { ScaleToggle } from '../charts/ScaleToggle.js';
import { exportChartSvg, exportMetricsCsv, exportMetricsJson, exportReport } from '../actions/exportActions.js';
import { useRun } from '../hooks/useRun.js';
import { useServices } from '../hooks/useServices.js';
import { useView } from '../hooks/useView.js';
import type { FederationMetrics } from '../store/runState.js';
import { availableAxes, axisPositions, chartPoints, type MetricsAxis } from '../store/metricsAxis.js';
import { epsilonLabel, hasEpsilon } from '../store/privacyMetrics.js';
import { RunDefences } from './DefencesTable.js';
const pct = (v: number) => `${Math.round(v * 100)}%`;
const pctExact = (v: number) => `${(v * 100).toFixed(1)}%`;

/** The toggle's buttons: each axis' label and what it plots against. */
const AXIS_BUTTONS: Record<MetricsAxis, { label: string; title: string }> = {
  rounds: { label: 'Rounds', title: 'Plot each value against its round' },
  time: { label: 'Simulated time', title: "Plot each value against the simulated clock at its round's end (the simulated devices' time)" },
  uplink: {
    label: 'Uplink',
    title: "Plot each value against the bytes the federation's clients had sent by its round's end: accuracy per megabyte of upload",
  },
  traffic: { label: 'Up + down', title: "Plot each value against the bytes sent both ways (the model down, the updates up) by its round's end" },
};

/** The line charts' x axis for a Metrics axis, and what a bytes axis counts. */
function chartAxis(axis: MetricsAxis): { xAxis: 'round' | 'time' | 'bytes'; xName?: string } {
  switch (axis) {
    case 'rounds':
      return { xAxis: 'round' };
    case 'time':
      return { xAxis: 'time' };
    case 'uplink':
      return { xAxis: 'bytes', xName: BYTE_QUANTITIES.uplink };
    case 'traffic':
      return { xAxis: 'bytes', xName: BYTE_QUANTITIES.traffic };
    default:
      return assertNever(axis, 'metrics axis');
  }
}

/** Live charts of the current run: accuracy and loss per aggregator (overlaid), per-client losses, bytes, partitions. */
export function MetricsPanel() {
  const federations = useRun((s) => s.federations);
  const order = useRun((s) => s.federationOrder);
  const partitions = useRun((s) => s.partitions);
  const status = useRun((s) => s.status);
  const services = useServices();
  const feds = useMemo(() => order.map((id) => federations[id]).filter((f): f is FederationMetrics => !!f), [order, federations]);
  const [clientFed, setClientFed] = useState<string | null>(null);
  const [splitId, setSplitId] = useState<string | null>(null);
  const chosenFed = feds.find((f) => f.aggregatorId === clientFed) ?? feds[0];
  const splitIds = Object.keys(partitions);
  const chosenSplit = partitions[splitId ?? ''] ?? partitions[splitIds[0]];
  // Simulated time is offered only when the run has a clock, the byte axes once a round is in; the choice
  // is view state and outlives the run.
  const chosenAxis = useView((s) => s.metricsAxis);
  const setAxis = services.view.getState().setMetricsAxis;
  const lossScale = useView((s) => s.lossScale);
  const setLossScale = services.view.getState().setLossScale;
  const exportChart = (id: Parameters<typeof exportChartSvg>[1]) => () => exportChartSvg(services, id);
  const axes = availableAxes(feds);
  const axis: MetricsAxis = axes.includes(chosenAxis) ? chosenAxis : 'rounds';
  const { xAxis, xName } = chartAxis(axis);
  const positions = useMemo(() => new Map(feds.map((f) => [f.aggregatorId, axisPositions(f.records, axis)])), [feds, axis]);
  /** A federation's per-round values on the chosen axis. */
  const at = (f: FederationMetrics) => (points: FederationMetrics['trainLoss']) => chartPoints(points, axis, positions.get(f.aggregatorId) ?? new Map());

  const accuracy: Series[] = feds.flatMap((f, i) => [
    { id: `${f.aggregatorId}-acc`, label: f.label, color: seriesColor(i), points: at(f)(f.accuracy) },
    ...(f.federatedAccuracy.length > 0
      ? [{ id: `${f.aggregatorId}-fed`, label: `${f.label} (hold-outs)`, color: seriesColor(i), dashed: true, points: at(f)(f.federatedAccuracy) }]
      : []),
  ]);
  const loss: Series[] = feds.flatMap((f, i) => [
    { id: `${f.aggregatorId}-train`, label: `${f.label} training`, color: seriesColor(i), points: at(f)(f.trainLoss) },
    { id: `${f.aggregatorId}-test`, label: `${f.label} test`, color: seriesColor(i), dashed: true, points: at(f)(f.testLoss) },
  ]);
  const clients: Series[] = chosenFed
    ? Object.entries(chosenFed.clientLoss).map(([id, points], i) => ({
        id: `c${id}`,
        label: `client ${id}`,
        color: seriesColor(i),
        faint: true,
        points: at(chosenFed)(points),
      }))
    : [];
  if (chosenFed && chosenFed.trainLoss.length > 0) {
    clients.push({ id: 'weighted', label: 'weighted mean', color: 'var(--fg)', points: at(chosenFed)(chosenFed.trainLoss) });
  }
  const bytes: Series[] = feds.flatMap((f, i) => [
    { id: `${f.aggregatorId}-bytes`, label: `${f.label} sent by clients`, color: seriesColor(i), points: at(f)(f.bytesUp) },
    { id: `${f.aggregatorId}-bytes-down`, label: `${f.label} sent to clients`, color: seriesColor(i), dashed: true, points: at(f)(f.bytesDown) },
  ]);
  // Only the federations with differential privacy have an ε line; the chart shows once one has reported.
  const epsilon: Series[] = feds.flatMap((f, i) =>
    f.epsilon.length > 0 ? [{ id: `${f.aggregatorId}-epsilon`, label: epsilonLabel(f), color: seriesColor(i), points: at(f)(f.epsilon) }] : [],
  );

  if (status === 'idle' && feds.length === 0) {
    return (
      <div className="panel-empty" data-testid="metrics-panel">
        Run the pipeline (F5) or step one round (F10) to see its metrics here.
      </div>
    );
  }
  return (
    <div className="metrics" data-testid="metrics-panel">
      <div className="metrics-actions">
        {axes.length > 1 && (
          <div className="segmented" role="group" aria-label="x axis" data-testid="metrics-axis">
            {axes.map((value) => ({ value, ...AXIS_BUTTONS[value] })).map(({ value, label, title }) => (
              <button
                key={value}
                type="button"
                className={`button${axis === value ? ' active' : ''}`}
                aria-pressed={axis === value}
                title={title}
                onClick={() => setAxis(value)}
                data-testid={`metrics-axis-${value}`}
              >
                {label}
              </button>
            ))}
          </div>
        )}
        <button type="button" className="button" disabled={status !== 'finished'} onClick={() => void exportReport(services)} title="The whole run as one HTML page: pipeline, parameters, notes, charts, final metrics" data-testid="metrics-export-report">
          HTML report
        </button>
        <button type="button" className="button" onClick={() => exportMetricsCsv(services)} data-testid="metrics-export-csv">
          CSV
        </button>
        <button type="button" className="button" onClick={() => exportMetricsJson(services)} data-testid="metrics-export-json">
          JSON
        </button>
        <button type="button" className="button" onClick={() => exportChartSvg(services, 'accuracy')} data-testid="metrics-export-svg-accuracy">
          Accuracy SVG
        </button>
        <button type="button" className="button" onClick={() => exportChartSvg(services, 'loss')} data-testid="metrics-export-svg-loss">
          Loss SVG
        </button>
      </div>
      <div className="metrics-grid">
        <LineChart
          title="Test accuracy"
          series={accuracy}
          xAxis={xAxis}
          xName={xName}
          yLabel={AXIS_TITLES.accuracy}
          yDomain={[0, 1]}
          yFormat={pct}
          valueFormat={pctExact}
          onExport={exportChart('accuracy')}
          testId="metrics-chart-accuracy"
        />
        <LineChart
          title="Loss: training Σ(nᵢ/n)·Lᵢ solid, test dashed"
          series={loss}
          xAxis={xAxis}
          xName={xName}
          yLabel={AXIS_TITLES.loss}
          yScale={lossScale}
          titleExtra={<ScaleToggle scale={lossScale} onChange={setLossScale} testId="metrics-loss-scale" />}
          legendItems={feds.map((f, i) => ({ label: f.label, color: seriesColor(i) }))}
          zeroBased
          onExport={exportChart('loss')}
          testId="metrics-chart-loss"
        />
        <LineChart
          title="Local loss per client"
          titleExtra={
            <>
              <ScaleToggle scale={lossScale} onChange={setLossScale} testId="metrics-client-loss-scale" />
              {feds.length > 1 && (
                <select className="chart-picker" value={chosenFed?.aggregatorId} onChange={(e) => setClientFed(e.target.value)} data-testid="metrics-client-federation">
                  {feds.map((f) => (
                    <option key={f.aggregatorId} value={f.aggregatorId}>
                      {f.label}
                    </option>
                  ))}
                </select>
              )}
            </>
          }
          series={clients}
          xAxis={xAxis}
          xName={xName}
          yLabel={AXIS_TITLES.loss}
          yScale={lossScale}
          legendItems={[{ label: 'one line per client; bold: weighted mean', color: 'var(--fg)' }]}
          zeroBased
          onExport={exportChart('clients')}
          testId="metrics-chart-clients"
        />
        <LineChart
          title="Bytes per round: up solid, down dashed"
          series={bytes}
          xAxis={xAxis}
          xName={xName}
          legendItems={feds.map((f, i) => ({ label: f.label, color: seriesColor(i) }))}
          yLabel={BYTE_QUANTITIES.perRound}
          yBytes
          valueFormat={formatBytes}
          zeroBased
          onExport={exportChart('bytes')}
          testId="metrics-chart-bytes"
        />
        {hasEpsilon(feds) && (
          <LineChart
            title="Privacy spent: ε at δ after each round"
            series={epsilon}
            xAxis={xAxis}
            xName={xName}
            yLabel={AXIS_TITLES.epsilon}
            zeroBased
            onExport={exportChart('epsilon')}
            testId="metrics-chart-epsilon"
          />
        )}
      </div>
      <RunDefences />
      {chosenSplit && (
        <div className="metrics-partition chart" data-testid="metrics-chart-partition">
          <div className="chart-title">
            <span className="chart-title-text">Partition: labels per client</span>
            <span className="chart-note"> {chosenSplit.numClients} clients × {chosenSplit.classNames.length} labels (split {chosenSplit.splitId})</span>
            {splitIds.length > 1 && (
              <select className="chart-picker" value={chosenSplit.splitId} onChange={(e) => setSplitId(e.target.value)} data-testid="metrics-split">
                {splitIds.map((id) => (
                  <option key={id} value={id}>
                    {id}
                  </option>
                ))}
              </select>
            )}
            <button type="button" className="chart-export" onClick={exportChart('partition')} title="Download the heatmap as an SVG file (axes and colour legend included)" data-testid="metrics-chart-partition-export">
              SVG
            </button>
          </div>
          <div className="chart-body">
            <Heatmap
              values={chosenSplit.labelCounts}
              columnLabels={chosenSplit.classNames}
              cell={chosenSplit.labelCounts.length > 60 ? 8 : 16}
              showLabels
              maxRows={120}
              testId="metrics-heatmap"
            />
          </div>
        </div>
      )}
    </div>
  );
}

import { memo, useMemo } from 'react';
import { assertNever } from '../../../engine/format/nodeKinds.js';
import type { PipelineNode } from '../../../engine/format/pipeline.js';
import { Heatmap } from '../charts/Heatmap.js';
import { Histogram } from '../charts/Histogram.js';
import { Sparkline } from '../charts/Sparkline.js';
import { useRun } from '../hooks/useRun.js';
import { Markdown } from '../markdown/Markdown.js';
import { NodeLeakage } from './NodeLeakage.js';
import { describeSpeeds, formatSpeed, speedHistogram } from '../store/speedHistogram.js';

const NO_VALUES: number[] = [];

function SplitPreview({ id, tabKey }: { id: string; tabKey: string }) {
  const partition = useRun((s) => (s.tabKey === tabKey ? s.partitions[id] : undefined));
  if (!partition) return null;
  const cell = partition.labelCounts.length > 20 ? 4 : 7;
  return (
    <div className="fnode-preview" title="Labels per client: one row per client, one column per label">
      <Heatmap values={partition.labelCounts} columnLabels={partition.classNames} cell={cell} maxRows={24} testId={`preview-heatmap-${id}`} />
    </div>
  );
}

function ClientPreview({ id, tabKey }: { id: string; tabKey: string }) {
  const points = useRun((s) => (s.tabKey === tabKey ? s.clientNodeLoss[id] : undefined));
  const speeds = useRun((s) => (s.tabKey === tabKey ? s.clientNodeSpeeds[id] : undefined));
  const histogram = useMemo(() => (speeds ? speedHistogram(speeds) : null), [speeds]);
  const values = points ? points.map((p) => p.value) : NO_VALUES;
  if (values.length === 0 && !histogram) return null;
  return (
    <>
      {histogram && (
        <div className="fnode-preview fnode-preview-row" title={describeSpeeds(histogram)} data-testid={`preview-speeds-${id}`}>
          <Histogram bins={histogram.bins} label={describeSpeeds(histogram)} width={84} color="var(--muted)" />
          <span className="fnode-metric">
            {histogram.min === histogram.max ? formatSpeed(histogram.min) : `${formatSpeed(histogram.min)}–${formatSpeed(histogram.max)}`} steps/s
          </span>
        </div>
      )}
      {values.length > 0 && (
        <div className="fnode-preview fnode-preview-row" title="Mean local training loss per round">
          <Sparkline values={values} testId={`preview-loss-${id}`} />
          <span className="fnode-metric">loss {values[values.length - 1].toFixed(3)}</span>
        </div>
      )}
    </>
  );
}

function EvaluatePreview({ id, tabKey }: { id: string; tabKey: string }) {
  const accuracy = useRun((s) => (s.tabKey === tabKey ? s.nodes[id]?.accuracy : undefined));
  if (accuracy === undefined) return null;
  return (
    <div className="fnode-preview fnode-accuracy" data-testid={`preview-accuracy-${id}`} title="Latest test accuracy">
      {(accuracy * 100).toFixed(1)}%<span> accuracy</span>
    </div>
  );
}

/** What a node shows inside it: run previews for splits, clients and evaluations; a note's text. */
export const NodePreview = memo(function NodePreview({ node, tabKey }: { node: PipelineNode; tabKey: string }) {
  switch (node.kind) {
    case 'split':
      return <SplitPreview id={node.id} tabKey={tabKey} />;
    case 'client':
      return <ClientPreview id={node.id} tabKey={tabKey} />;
    case 'evaluate':
      return <EvaluatePreview id={node.id} tabKey={tabKey} />;
    case 'note':
      return <Markdown className="note-text" text={String((node.params as { text?: unknown }).text ?? '')} />;
    case 'aggregator':
      return <NodeLeakage id={node.id} tabKey={tabKey} />;
    case 'dataset':
    case 'model':
      return null;
    default:
      return assertNever(node.kind, 'node kind');
  }
});

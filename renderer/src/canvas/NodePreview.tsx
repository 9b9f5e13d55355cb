import { memo, useMemo } from 'react';
import { assertNever } from '../../../engine/format/nodeKinds.js';
import type { PipelineNode } from '../../../engine/format/pipeline.js';
import { Histogram } from '../charts/Histogram.js';
import { Sparkline } from '../charts/Sparkline.js';
import { useRun } from '../hooks/useRun.js';
import { Markdown } from '../markdown/Markdown.js';
import { NodeClipNorms } from './NodeClipNorms.js';
import { NodeSecureAggregation } from './NodeSecureAggregation.js';
import { NodeLeakage } from './NodeLeakage.js';
import { SplitPreview } from './SplitPreview.js';
import { describeSpeeds, formatSpeed, speedHistogram } from '../store/speedHistogram.js';
import { modelSizeOf } from '../../../engine/format/modelSize.js';
import { formatBytes } from '../../../engine/text/bytes.js';
import { useDocuments } from '../hooks/useDocuments.js';

const NO_VALUES: number[] = [];

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

/** The model's size before any run: its weights and the bytes one client's update takes to send. */
function ModelPreview({ id, tabKey }: { id: string; tabKey: string }) {
  const doc = useDocuments((s) => s.tabs.find((t) => t.key === tabKey)?.doc);
  const size = useMemo(() => (doc ? modelSizeOf(doc, id) : null), [doc, id]);
  if (!size) return null;
  return (
    <div className="fnode-preview fnode-metric" data-testid={`preview-model-size-${id}`} title="Weights of the model, and the bytes of one client's full-precision update (4 per weight)">
      {size.weights.toLocaleString('en')} weights · {formatBytes(size.bytesPerUpdate)} per update
    </div>
  );
}

/** What a node shows inside it: run previews for splits, clients, aggregators and evaluations; a note's text. */
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
      return (
        <>
          <NodeClipNorms id={node.id} tabKey={tabKey} secure={(node.params as { secureAggregation?: unknown }).secureAggregation === true} />
          <NodeSecureAggregation id={node.id} tabKey={tabKey} />
          <NodeLeakage id={node.id} tabKey={tabKey} />
        </>
      );
    case 'model':
      return <ModelPreview id={node.id} tabKey={tabKey} />;
    case 'dataset':
      return null;
    default:
      return assertNever(node.kind, 'node kind');
  }
});

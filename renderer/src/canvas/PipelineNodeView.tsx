import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { nodeSummary } from '../../../engine/nodes/index.js';
import { useRun } from '../hooks/useRun.js';
import { kindTitle } from '../store/newNode.js';
import { KindIcon } from './KindIcon.js';
import { kindColor } from './kindStyle.js';
import { NodeFederation } from './NodeFederation.js';
import { NodeLabel } from './NodeLabel.js';
import { NodePorts } from './NodePorts.js';
import { NodePreview } from './NodePreview.js';
import { NodePrivacy } from './NodePrivacy.js';
import { NodeRunBadge } from './NodeRunBadge.js';
import type { FlowNode } from './toFlow.js';

/** A pipeline node on the canvas: header, typed ports, a summary of its settings, run state and previews. */
export const PipelineNodeView = memo(function PipelineNodeView({ id, data, selected }: NodeProps<FlowNode>) {
  const { node, tabKey, problems } = data;
  const run = useRun((s) => (s.tabKey === tabKey ? s.nodes[id] : undefined));
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning');
  const state = run?.status ?? 'idle';
  const title = [
    ...errors.map((p) => `Error: ${p.message}`),
    ...warnings.map((p) => `Warning: ${p.message}`),
    run?.status === 'error' && run.message ? `Run failed: ${run.message}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  const classes = [
    'fnode',
    `fnode-${node.kind}`,
    `state-${state}`,
    errors.length > 0 ? 'invalid' : warnings.length > 0 ? 'has-warning' : '',
    selected ? 'selected' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const summary = nodeSummary(node);
  return (
    <div
      className={classes}
      data-testid={`node-${id}`}
      data-kind={node.kind}
      data-state={state}
      data-invalid={errors.length > 0 ? 'true' : 'false'}
      title={title || undefined}
      style={{ '--kind-color': kindColor(node.kind) } as React.CSSProperties}
    >
      <div className="fnode-header">
        <KindIcon kind={node.kind} />
        <NodeLabel id={id} tabKey={tabKey} label={node.label ?? kindTitle(node.kind)} />
        {errors.length > 0 && (
          <span className="fnode-problem" data-testid={`node-invalid-${id}`} aria-label={`${errors.length} errors`}>
            {errors.length}
          </span>
        )}
        <NodeRunBadge id={id} run={run} />
      </div>
      <NodePorts nodeId={id} kind={node.kind} />
      {summary && <div className="fnode-summary">{summary}</div>}
      <NodePrivacy id={id} run={run} />
      {node.kind === 'client' && <NodeFederation id={id} tabKey={tabKey} />}
      <NodePreview node={node} tabKey={tabKey} />
    </div>
  );
});

export const NODE_TYPES = { pipeline: PipelineNodeView };

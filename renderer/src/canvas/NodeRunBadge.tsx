import { memo } from 'react';
import { ProgressRing } from '../charts/ProgressRing.js';
import type { NodeRunState } from '../store/runState.js';
import { Icon } from '../ui/Icon.js';

/** A node's run state in its header: queued, a progress ring with round k/N, done, or error; and its clients that failed this round. */
export const NodeRunBadge = memo(function NodeRunBadge({ id, run }: { id: string; run: NodeRunState | undefined }) {
  if (!run) return null;
  const failed = run.failed ? (
    <span className="run-badge run-failed" data-testid={`node-failures-${id}`} title={run.failed.last}>
      <Icon name="error" size={11} /> {run.failed.count} failed
    </span>
  ) : null;
  return (
    <>
      <StatusBadge id={id} run={run} />
      {failed}
    </>
  );
});

function StatusBadge({ id, run }: { id: string; run: NodeRunState }) {
  switch (run.status) {
    case 'queued':
      return (
        <span className="run-badge run-queued" data-testid={`node-state-${id}`} data-state="queued">
          queued
        </span>
      );
    case 'running':
      return (
        <span className="run-badge run-running" data-testid={`node-state-${id}`} data-state="running">
          <ProgressRing progress={run.progress ?? 0} testId={`node-progress-${id}`} />
          {run.round !== undefined && run.rounds !== undefined && run.round > 0 ? `${run.round}/${run.rounds}` : ''}
        </span>
      );
    case 'done':
      return (
        <span className="run-badge run-done" data-testid={`node-state-${id}`} data-state="done" title="Done">
          <Icon name="check" size={11} />
          {run.rounds !== undefined ? `${run.round ?? run.rounds}/${run.rounds}` : ''}
        </span>
      );
    case 'error':
      return (
        <span className="run-badge run-error" data-testid={`node-state-${id}`} data-state="error" title={run.message}>
          <Icon name="error" size={11} /> error
        </span>
      );
  }
}

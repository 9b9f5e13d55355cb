import { memo } from 'react';
import { nodePrivacyText } from '../store/privacyMetrics.js';
import type { NodeRunState } from '../store/runState.js';

/**
 * An aggregator's differential privacy while and after a run: the ε its federation has spent at its δ, in
 * the warning colour once its epsilonBudget stopped it. A line under the summary, not in the header, where
 * it would squeeze the label.
 */
export const NodePrivacy = memo(function NodePrivacy({ id, run }: { id: string; run: NodeRunState | undefined }) {
  const privacy = run?.privacy;
  if (!privacy) return null;
  const title = privacy.stopped
    ? `Stopped before round ${privacy.stopped.round}: ε would have reached ${privacy.stopped.next.toFixed(3)}, past the budget of ${privacy.stopped.budget}`
    : 'Differential privacy spent so far (RDP accountant)';
  return (
    <div className={`fnode-privacy${privacy.stopped ? ' run-budget' : ''}`} data-testid={`node-epsilon-${id}`} title={title}>
      {nodePrivacyText(privacy)}
    </div>
  );
});

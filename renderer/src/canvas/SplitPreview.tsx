import { Heatmap } from '../charts/Heatmap.js';
import { useDataCheck } from '../hooks/useDataCheck.js';
import { useDocuments } from '../hooks/useDocuments.js';
import { useRun } from '../hooks/useRun.js';
import { useServices } from '../hooks/useServices.js';
import { splitPartition } from '../store/dataChecks.js';

/** The most rows the split's heatmap draws on the card, and the height it may take: a card must not grow over its neighbours. */
const HEATMAP_ROWS = 24;
const HEATMAP_HEIGHT = 72;

/**
 * The split's clients × labels heatmap: the run's partition while this tab has a run, else the one the
 * host's data check computed for this split as it is now (store/dataChecks.ts splitPartition), so it
 * shows as soon as the split is valid.
 */
export function SplitPreview({ id, tabKey }: { id: string; tabKey: string }) {
  const services = useServices();
  const fromRun = useRun((s) => (s.tabKey === tabKey ? s.partitions[id] : undefined));
  const doc = useDocuments((s) => s.tabs.find((t) => t.key === tabKey)?.doc);
  const fromCheck = splitPartition(useDataCheck(tabKey), doc, id);
  const partition = fromRun ?? fromCheck;
  if (!partition) return null;
  // Scaled to fit the card's budget (7 px cells for up to 10 clients, smaller beyond); the full size is in Metrics.
  const rows = Math.min(HEATMAP_ROWS, partition.labelCounts.length);
  const cell = Math.max(2, Math.min(7, Math.floor(HEATMAP_HEIGHT / Math.max(1, rows))));
  return (
    <div
      className="fnode-preview fnode-preview-heatmap"
      title="Labels per client: one row per client, one column per label. Click for the full view in Metrics."
      data-source={fromRun ? 'run' : 'check'}
      data-testid={`preview-split-${id}`}
      onClick={() => services.view.getState().showBottom('metrics')}
    >
      <Heatmap values={partition.labelCounts} columnLabels={partition.classNames} cell={cell} maxRows={HEATMAP_ROWS} testId={`preview-heatmap-${id}`} />
    </div>
  );
}

import { memo } from 'react';
import { useDocuments } from '../hooks/useDocuments.js';
import { useServe } from '../hooks/useServe.js';
import { joinedCount, remoteClientNodeIds } from '../store/federationView.js';
import { servedTabKey } from '../store/serveStore.js';

/** A served pipeline's client node (fed by its remote split): how many clients have joined, one short line. */
export const NodeFederation = memo(function NodeFederation({ id, tabKey }: { id: string; tabKey: string }) {
  // Selects the status itself (a stable reference between polls); the count is computed from it.
  const status = useServe((s) => (servedTabKey(s) === tabKey ? s.status : null));
  const count = joinedCount(status);
  const serving = status?.serving === true;
  const remote = useDocuments((s) => {
    const doc = s.tabs.find((t) => t.key === tabKey)?.doc;
    return doc ? remoteClientNodeIds(doc).has(id) : false;
  });
  if (!count || !remote) return null;
  const text = `${count.joined} of ${count.seats} joined`;
  return (
    <div className="fnode-federation" data-testid={`node-joined-${id}`} data-joined={count.joined} title={serving ? `${text}: remote clients holding a seat now (Federation panel)` : `${text} when the federation ended`}>
      {text}
    </div>
  );
});

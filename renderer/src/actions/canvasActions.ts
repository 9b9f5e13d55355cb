/**
 * Canvas commands beyond clipboard and delete: rename (F2), disconnect all, select upstream / downstream,
 * arrange the pipeline, snap to grid. The right-click menus and the command palette call these same functions.
 */
import type { Services } from '../services.js';
import { arrangePipeline } from '../store/arrangePipeline.js';
import { disconnectNodes } from '../store/documentEdits.js';
import { downstreamOf, upstreamOf } from '../store/graphSelection.js';
import { kindTitle } from '../store/newNode.js';
import { selectionOf } from './editActions.js';

function activeDoc(s: Services) {
  const docs = s.documents.getState();
  const key = docs.activeKey;
  const doc = docs.tabs.find((t) => t.key === key)?.doc;
  return key && doc ? { key, doc } : null;
}

/**
 * Starts renaming the selected node on its card (F2): its label becomes a text field; Enter (or leaving
 * the field) sets it as one undo step, Escape leaves it as it was (canvas/NodeLabel.tsx).
 */
export function renameSelected(s: Services): void {
  const active = activeDoc(s);
  const id = selectionOf(s).nodes[0];
  const node = active?.doc.nodes.find((n) => n.id === id);
  // A note shows no label on its card; its text is what the inspector edits.
  if (!active || !node || node.kind === 'note') return;
  s.ui.setState({ renaming: { tabKey: active.key, nodeId: node.id } });
}

/** Ends renaming: sets the label (one undo step) unless cancelled, or it was given in another tab. */
export function finishRename(s: Services, text: string | null): void {
  const renaming = s.ui.getState().renaming;
  if (!renaming) return;
  s.ui.setState({ renaming: null });
  if (text === null || s.documents.getState().activeKey !== renaming.tabKey) return;
  const node = activeDoc(s)?.doc.nodes.find((n) => n.id === renaming.nodeId);
  if (!node) return;
  // An unlabelled node left with its kind's name stays unlabelled; an emptied label goes, showing the kind again.
  const next = text.trim();
  s.documents.getState().setLabel(node.id, node.label === undefined && next === kindTitle(node.kind) ? '' : next);
}

/** Removes every edge of the selected nodes, as one undo step. */
export function disconnectAll(s: Services): void {
  const ids = selectionOf(s).nodes;
  if (ids.length > 0) s.documents.getState().edit((doc) => disconnectNodes(doc, ids));
}

function selectFollowing(s: Services, follow: typeof upstreamOf): void {
  const active = activeDoc(s);
  const ids = selectionOf(s).nodes;
  if (!active || ids.length === 0) return;
  s.view.getState().select(active.key, { nodes: follow(active.doc, ids), edges: [] });
}

/** Selects the selected nodes and everything that feeds them. */
export const selectUpstream = (s: Services): void => selectFollowing(s, upstreamOf);

/** Selects the selected nodes and everything they feed. */
export const selectDownstream = (s: Services): void => selectFollowing(s, downstreamOf);

/** Lays the pipeline out left to right by data flow (notes below), as one undo step, and fits it in view. */
export function arrange(s: Services): void {
  const active = activeDoc(s);
  if (!active || active.doc.nodes.length === 0) return;
  const positions = arrangePipeline(active.doc, s.flow.nodeSizes() ?? {});
  s.documents.getState().moveNodes(positions);
  // Fit once React Flow has the new positions.
  requestAnimationFrame(() => requestAnimationFrame(() => s.flow.fitView()));
}

/** Turns snapping to the canvas grid on or off. */
export function toggleSnapToGrid(s: Services): void {
  s.view.getState().toggleSnapToGrid();
}

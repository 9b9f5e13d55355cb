/**
 * Canvas commands beyond clipboard and delete: rename (F2), disconnect all, select upstream / downstream,
 * arrange the pipeline, snap to grid. The right-click menus and the command palette call these same functions.
 */
import { quickPrompt } from '../ui/uiStore.js';
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

/** Asks for the selected node's new label (F2); Enter sets it as one undo step, Escape leaves it as it was. */
export async function renameSelected(s: Services): Promise<void> {
  const active = activeDoc(s);
  const id = selectionOf(s).nodes[0];
  const node = active?.doc.nodes.find((n) => n.id === id);
  if (!active || !node) return;
  const current = node.label ?? kindTitle(node.kind);
  const text = await quickPrompt(s.ui, `New name for ${current}`, current, 'rename-prompt');
  if (text === null) return;
  // The tab may have changed while the prompt was open; rename only in the document it was asked for.
  if (s.documents.getState().activeKey !== active.key) return;
  s.documents.getState().setLabel(node.id, text);
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

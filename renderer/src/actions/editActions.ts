/** Edit commands over the active document and its selection: undo, redo, copy, cut, paste, delete, select all. */
import type { NodeKind } from '../../../engine/format/nodeKinds.js';
import type { Services } from '../services.js';
import { isClipboardContent } from '../store/clipboard.js';
import { freeSpot, NEW_NODE_SIZE, newNodeSize, type Box } from '../store/freeSpot.js';
import { EMPTY_SELECTION, type Selection } from '../store/viewStore.js';

function activeKey(s: Services): string | null {
  return s.documents.getState().activeKey;
}

/** The active tab's selection. */
export function selectionOf(s: Services): Selection {
  const key = activeKey(s);
  return key ? (s.view.getState().selection[key] ?? EMPTY_SELECTION) : EMPTY_SELECTION;
}

export function undo(s: Services): void {
  s.documents.getState().undo();
}

export function redo(s: Services): void {
  s.documents.getState().redo();
}

/** Copies the selected nodes (and the edges among them) to the workbench's clipboard and the system's. */
export function copy(s: Services): boolean {
  const clip = s.documents.getState().copy(selectionOf(s).nodes);
  if (!clip) return false;
  s.clipboard.content = clip;
  navigator.clipboard?.writeText(JSON.stringify(clip)).catch(() => undefined);
  return true;
}

/** Copies, then deletes, the selection. */
export function cut(s: Services): void {
  if (copy(s)) deleteSelection(s);
}

/** Pastes the clipboard's nodes beside where they were copied, with fresh ids, and selects them. */
export async function paste(s: Services): Promise<void> {
  let clip = s.clipboard.content;
  if (!clip && navigator.clipboard?.readText) {
    try {
      const value: unknown = JSON.parse(await navigator.clipboard.readText());
      if (isClipboardContent(value)) clip = value;
    } catch {
      // Not ours, or no permission: nothing to paste.
    }
  }
  const key = activeKey(s);
  if (!clip || !key) return;
  const ids = s.documents.getState().paste(clip, { x: 40, y: 40 });
  s.view.getState().select(key, { nodes: ids, edges: [] });
  // The next paste lands further along, not on top of this one.
  s.clipboard.content = {
    ...clip,
    nodes: clip.nodes.map((n) => ({ ...n, position: { x: n.position.x + 40, y: n.position.y + 40 } })),
  };
}

/** Duplicates the selection (copy and paste without touching the clipboard). */
export function duplicate(s: Services): void {
  const key = activeKey(s);
  const clip = s.documents.getState().copy(selectionOf(s).nodes);
  if (!clip || !key) return;
  const ids = s.documents.getState().paste(clip, { x: 40, y: 40 });
  s.view.getState().select(key, { nodes: ids, edges: [] });
}

/** Deletes the selected nodes and edges as one undo step. */
export function deleteSelection(s: Services): void {
  const key = activeKey(s);
  if (!key) return;
  const sel = selectionOf(s);
  if (sel.nodes.length === 0 && sel.edges.length === 0) return;
  s.documents.getState().deleteElements(sel.nodes, sel.edges);
  s.view.getState().clearSelection(key);
}

/** Selects every node and edge. */
export function selectAll(s: Services): void {
  const docs = s.documents.getState();
  const doc = docs.tabs.find((t) => t.key === docs.activeKey)?.doc;
  if (!doc || !docs.activeKey) return;
  s.view.getState().select(docs.activeKey, { nodes: doc.nodes.map((n) => n.id), edges: doc.edges.map((e) => e.id) });
}

/** How a new node is placed and what it starts with. */
export interface NewNodeOptions {
  /** Put it in the free space nearest `position` rather than exactly there (quick add at a double-click). */
  near?: boolean;
  /** Its params; the kind's new-node params when absent. */
  params?: Record<string, unknown>;
}

/**
 * Adds a node and selects it: at a flow position the user pointed at (a drop), else in the free space nearest
 * that point or the centre of the view, so it never covers a node.
 */
export function addNodeAt(s: Services, kind: NodeKind, position?: { x: number; y: number }, options: NewNodeOptions = {}): string | null {
  const key = activeKey(s);
  if (!key) return null;
  const at =
    position && !options.near
      ? position
      : freeSpot(position ?? s.flow.center() ?? { x: 0, y: 0 }, s.flow.nodeBoxes() ?? documentBoxes(s), newNodeSize(kind));
  const id = s.documents.getState().addNode(kind, { x: Math.round(at.x), y: Math.round(at.y) }, options.params);
  if (id) s.view.getState().select(key, { nodes: [id], edges: [] });
  return id;
}

/** The active document's nodes at the size a new node is taken to have, for when no canvas has measured them. */
function documentBoxes(s: Services): Box[] {
  const docs = s.documents.getState();
  const doc = docs.tabs.find((t) => t.key === docs.activeKey)?.doc;
  return (doc?.nodes ?? []).map((n) => ({ ...n.position, ...NEW_NODE_SIZE }));
}

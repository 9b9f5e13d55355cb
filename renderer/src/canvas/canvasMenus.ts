/**
 * What each right-click menu of the canvas holds: a node's, an edge's and the empty canvas's. Entries are
 * the workbench's commands where one exists (same title, same shortcut, same function), so a menu and the
 * command palette never disagree.
 */
import { commandById } from '../commands/commandList.js';
import { showChord } from '../commands/keybindings.js';
import type { Services } from '../services.js';
import type { MenuItem } from './ContextMenu.js';

/** What was right-clicked. */
export type MenuTarget =
  | { kind: 'node'; id: string }
  | { kind: 'edge'; id: string }
  /** The empty canvas: `flow` is the point in flow coordinates, `screen` relative to the canvas. */
  | { kind: 'pane'; flow: { x: number; y: number }; screen: { x: number; y: number } };

const NODE_COMMANDS = ['edit.rename', 'edit.duplicate', 'edit.copy', 'edit.cut', 'edit.disconnectAll', 'edit.selectUpstream', 'edit.selectDownstream', 'edit.delete'];
const EDGE_COMMANDS = ['edit.delete'];
const PANE_COMMANDS = ['edit.paste', 'edit.selectAll', 'layout.arrange', 'layout.toggleSnapToGrid', 'view.fitView'];

function fromCommand(s: Services, id: string): MenuItem | null {
  const c = commandById(s, id);
  if (!c) return null;
  return { id, label: c.title, hint: c.keys?.[0] ? showChord(c.keys[0]) : undefined, run: () => void c.run(s) };
}

/** The entries of the menu for a target. */
export function menuItems(s: Services, target: MenuTarget): MenuItem[] {
  const commands = (ids: string[]) => ids.map((id) => fromCommand(s, id)).filter((i): i is MenuItem => i !== null);
  switch (target.kind) {
    case 'node':
      return commands(NODE_COMMANDS);
    case 'edge':
      return commands(EDGE_COMMANDS).map((i) => ({ ...i, label: 'Delete Connection' }));
    case 'pane': {
      const add: MenuItem = {
        id: 'add-node-here',
        label: 'Add Node Here…',
        run: () => s.ui.setState({ quickAdd: { flow: target.flow, screen: target.screen } }),
      };
      const snap = s.view.getState().snapToGrid;
      return [add, ...commands(PANE_COMMANDS).map((i) => (i.id === 'layout.toggleSnapToGrid' ? { ...i, label: 'Snap to Grid', checked: snap } : i))];
    }
  }
}

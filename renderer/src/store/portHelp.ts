/**
 * What a handle's tooltip says: the port's name, the type it carries, and what may connect to it, from the
 * port table (engine/format/ports.ts) the canvas and the validator share, so the hint never disagrees with
 * what a drag is allowed to do.
 */
import type { NodeKind } from '../../../engine/format/nodeKinds.js';
import { NODE_KINDS } from '../../../engine/format/nodeKinds.js';
import { PORTS, PORT_TYPES, type PortSpec } from '../../../engine/format/ports.js';

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const list = (items: string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`);

/** The other side's ports that carry the same type: `split's Clients`. */
function partners(port: PortSpec, side: 'inputs' | 'outputs'): string[] {
  return NODE_KINDS.flatMap((kind) => PORTS[kind][side].filter((p) => p.type === port.type).map((p) => `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}'s ${p.label}`));
}

/** The tooltip of one handle: name, type, and what may connect (or a plain sentence when the port is unknown). */
export function portHelp(kind: NodeKind, direction: 'in' | 'out', portId: string): string {
  const port = (direction === 'in' ? PORTS[kind].inputs : PORTS[kind].outputs).find((p) => p.id === portId);
  if (!port) return `A ${kind} node has no ${direction === 'in' ? 'input' : 'output'} '${portId}'.`;
  const type = PORT_TYPES[port.type].label;
  if (direction === 'in') {
    const from = partners(port, 'outputs');
    const how = port.multiple ? 'Takes several connections' : 'Takes one connection';
    const need = port.required ? ', required' : '';
    return `${capital(port.label)} input (${type}${need})\n${how}, from ${from.length > 0 ? list(from) : 'no node kind'}.`;
  }
  const to = partners(port, 'inputs');
  return `${capital(port.label)} output (${type})\nConnects to ${to.length > 0 ? list(to) : 'no node kind'}.`;
}

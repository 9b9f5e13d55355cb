/**
 * A validator's message as the field's own inspector shows it. Messages are written for the Problems panel
 * and the CLI, where they must say which node and which param: "'Clients': learningRate must be greater
 * than 0". Beside the field the node is known and the param has a label: "Learning rate must be greater
 * than 0". The Problems panel keeps the full message.
 */
import { fieldLabel } from '../../../engine/format/fieldLabel.js';

/** The node's name at the start of a message: `'Label': ` or `kind 'Label': ` (engine/format/graph.ts nodeName). */
const NODE_PREFIX = /^(?:[a-z]+ )?'(?:[^'\\]|\\.)*': /;

/** `message` without its node prefix and with `field` (a top-level param name) written as its label. */
export function fieldMessage(message: string, field: string): string {
  const body = message.replace(NODE_PREFIX, '');
  if (!field) return body.charAt(0).toUpperCase() + body.slice(1);
  const label = fieldLabel(field);
  const named = body.replace(new RegExp(`(^|[^A-Za-z0-9_.])${field}(?![A-Za-z0-9_])`, 'g'), (_, before: string, at: number) =>
    `${before}${at === 0 && before === '' ? label : label.toLowerCase()}`,
  );
  return named.charAt(0).toUpperCase() + named.slice(1);
}

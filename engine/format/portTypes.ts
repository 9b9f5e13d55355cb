/**
 * What travels along an edge, and the shape of a port. Kept apart from ports.ts (the connection rules)
 * so the node-kind specs, which declare each kind's ports, can use them without importing the rules
 * that read those specs.
 */

/** What travels along an edge. */
export const PORT_TYPES = {
  dataset: { label: 'Dataset', color: '#4f9dde' },
  partition: { label: 'Client partition', color: '#e0a030' },
  model: { label: 'Model architecture', color: '#a070e0' },
  updates: { label: 'Client updates', color: '#40b080' },
  global: { label: 'Global model', color: '#e05a70' },
} as const;

export type PortType = keyof typeof PORT_TYPES;

export interface PortSpec {
  /** The handle id on the canvas and in edges (`sourceHandle` / `targetHandle`). */
  id: string;
  type: PortType;
  label: string;
  /** An input that must be connected for the node to run. */
  required?: boolean;
  /** An input that accepts several edges (e.g. several client groups into one aggregator). */
  multiple?: boolean;
}

export interface NodePorts {
  inputs: readonly PortSpec[];
  outputs: readonly PortSpec[];
}

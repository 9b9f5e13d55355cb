/**
 * The one table of port types and connection rules. The canvas colours its handles and refuses
 * connections with it (`canConnect`); the validator checks documents with the same functions, so a
 * connection the canvas accepts is one the engine can run.
 */
import type { NodeKind } from './nodeKinds.js';

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

/** Inputs and outputs of each node kind. */
export const PORTS: Record<NodeKind, NodePorts> = {
  dataset: { inputs: [], outputs: [{ id: 'data', type: 'dataset', label: 'data' }] },
  split: {
    inputs: [{ id: 'data', type: 'dataset', label: 'data', required: true }],
    outputs: [{ id: 'clients', type: 'partition', label: 'clients' }],
  },
  model: { inputs: [], outputs: [{ id: 'model', type: 'model', label: 'model' }] },
  client: {
    inputs: [
      { id: 'clients', type: 'partition', label: 'clients', required: true },
      { id: 'model', type: 'model', label: 'model', required: true },
    ],
    outputs: [{ id: 'updates', type: 'updates', label: 'updates' }],
  },
  aggregator: {
    inputs: [{ id: 'updates', type: 'updates', label: 'updates', required: true, multiple: true }],
    outputs: [{ id: 'global', type: 'global', label: 'global model' }],
  },
  evaluate: {
    inputs: [{ id: 'global', type: 'global', label: 'global model', required: true }],
    outputs: [],
  },
  note: { inputs: [], outputs: [] },
};

/** The output port of a node kind with that handle id. */
export function outputPort(kind: NodeKind, handle: string | null | undefined): PortSpec | undefined {
  const outputs = PORTS[kind].outputs;
  return handle == null ? (outputs.length === 1 ? outputs[0] : undefined) : outputs.find((p) => p.id === handle);
}

/** The input port of a node kind with that handle id. */
export function inputPort(kind: NodeKind, handle: string | null | undefined): PortSpec | undefined {
  const inputs = PORTS[kind].inputs;
  return handle == null ? (inputs.length === 1 ? inputs[0] : undefined) : inputs.find((p) => p.id === handle);
}

/** The minimal graph shape the rules need, so the canvas can pass its own node and edge objects. */
export interface GraphLike {
  nodes: ReadonlyArray<{ id: string; kind: NodeKind }>;
  edges: ReadonlyArray<{ source: string; sourceHandle?: string | null; target: string; targetHandle?: string | null }>;
}

export interface Connection {
  source: string;
  sourceHandle?: string | null;
  target: string;
  targetHandle?: string | null;
}

export type ConnectionVerdict = { ok: true } | { ok: false; reason: string };

/** Whether `to` can be reached from `from` along the graph's edges. */
export function reaches(graph: GraphLike, from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of graph.edges) if (e.source === id) stack.push(e.target);
  }
  return false;
}

/** Decides whether a new edge may be added: matching port types, a free single input, no cycle. */
export function canConnect(graph: GraphLike, c: Connection): ConnectionVerdict {
  const source = graph.nodes.find((n) => n.id === c.source);
  const target = graph.nodes.find((n) => n.id === c.target);
  if (!source || !target) return { ok: false, reason: 'Both ends of a connection must be nodes of this pipeline.' };
  if (source.id === target.id) return { ok: false, reason: 'A node cannot feed itself.' };
  const out = outputPort(source.kind, c.sourceHandle);
  const inp = inputPort(target.kind, c.targetHandle);
  if (!out) return { ok: false, reason: `A ${source.kind} node has no output '${c.sourceHandle ?? ''}'.` };
  if (!inp) return { ok: false, reason: `A ${target.kind} node has no input '${c.targetHandle ?? ''}'.` };
  if (out.type !== inp.type) {
    return {
      ok: false,
      reason: `The ${source.kind}'s ${out.label} output (a ${PORT_TYPES[out.type].label.toLowerCase()}) cannot go into the ${target.kind}'s ${inp.label} input, which takes a ${PORT_TYPES[inp.type].label.toLowerCase()}.`,
    };
  }
  const existing = graph.edges.filter((e) => e.target === c.target && (e.targetHandle ?? inp.id) === inp.id);
  if (existing.some((e) => e.source === c.source && (e.sourceHandle ?? out.id) === out.id)) {
    return { ok: false, reason: 'These two ports are already connected.' };
  }
  if (!inp.multiple && existing.length > 0) {
    return { ok: false, reason: `The ${target.kind}'s ${inp.label} input already has a connection; remove it first.` };
  }
  if (reaches(graph, target.id, source.id)) return { ok: false, reason: 'This connection would make a cycle.' };
  return { ok: true };
}

/**
 * The port table and connection rules. The canvas colours its handles and refuses connections with it
 * (`canConnect`); the validator checks documents with the same functions, so a connection the canvas
 * accepts is one the engine can run. Each kind's ports are declared in its spec (engine/nodes); the port
 * types are in portTypes.ts.
 */
import { NODE_SPECS } from '../nodes/index.js';
import { NODE_KINDS, type NodeKind } from './nodeKinds.js';
import { PORT_TYPES, type NodePorts, type PortSpec } from './portTypes.js';

export { PORT_TYPES, type NodePorts, type PortSpec, type PortType } from './portTypes.js';

/** Inputs and outputs of each node kind, as each kind's spec (engine/nodes) declares them. */
export const PORTS = Object.fromEntries(NODE_KINDS.map((kind) => [kind, NODE_SPECS[kind].ports])) as Record<NodeKind, NodePorts>;

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

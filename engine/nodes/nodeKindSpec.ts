/**
 * What the product knows about one kind of node, in one place: its ports, params schema, what a new node
 * starts with, its one-line summary, how it looks (a colour and an icon name), how an exported script
 * adds it and how the HTML report shows it. Every spec is plain data and pure functions with no Node.js
 * or DOM imports, so the engine, the CLI and the workbench all read the same specs.
 */
import type { z } from 'zod';
import type { NodeKind } from '../format/nodeKinds.js';
import type { PipelineBuilder } from '../format/pipelineBuilder.js';
import type { NodePorts } from '../format/portTypes.js';

/** The icons the workbench draws, by name; the renderer maps each name to its SVG. */
export const NODE_ICONS = ['cylinder', 'fork', 'layers', 'people', 'funnel', 'check-circle', 'page'] as const;

export type NodeIconName = (typeof NODE_ICONS)[number];

/** The PipelineBuilder methods that add a node. */
export type BuilderMethod = Exclude<keyof PipelineBuilder, 'toJSON' | 'validate' | 'build'>;

/**
 * What an exported call passes after the node's id and params, read from the node's input ports:
 *
 * - `none`: nothing (`p.model(id, params)`);
 * - `ref`: the node on one input (`p.split(id, params, data)`);
 * - `refs`: an object with the node on each of several inputs, keyed by port id
 *   (`p.client(id, params, { clients: split, model })`);
 * - `list`: every node on one input, in edge order (`p.aggregator(id, params, [a, b])`).
 */
export type ExportInputs =
  | { shape: 'none' }
  | { shape: 'ref'; port: string }
  | { shape: 'refs'; ports: readonly string[] }
  | { shape: 'list'; port: string };

/** How `exportScript` writes the PipelineBuilder call that adds a node of the kind. */
export interface ExportCall<S extends z.ZodType = z.ZodType> {
  method: BuilderMethod;
  /** What the node is for, in the comment above its call (`<label> (<kind>): <role>.`). */
  role: string;
  /**
   * How the params are passed: `object`, the params as written (less unknown keys); `text`, the node's
   * `text` param as a string (left out when absent and the node has no layout), which the comment above
   * the call also quotes.
   */
  params: 'object' | 'text';
  inputs: ExportInputs;
  /** The comment's title for a node without a label; `<id> (<kind>)` when absent. */
  untitledTitle?: string;
  /** Whether a node with these params reads files whose paths are relative to the pipeline file. */
  readsFiles?(params: z.output<S>): boolean;
}

interface ReportLook {
  /** The colour of its box in the pipeline figure and of its kind badge, where it differs from the canvas's. */
  color?: string;
  /** The outline of its box in the pipeline figure. */
  outline: 'solid' | 'dashed';
}

/**
 * How the HTML report shows a node of the kind: under "Nodes and parameters" with a table of its params
 * (defaults applied), or under "Notes" as markdown read from its params as written (they may not parse).
 */
export type ReportSpec =
  | (ReportLook & { section: 'parameters' })
  | (ReportLook & { section: 'notes'; text(params: Record<string, unknown>): string });

export interface NodeKindSpec<K extends NodeKind = NodeKind, S extends z.ZodType = z.ZodType> {
  kind: K;
  /** A short title, as the palette, new nodes and the inspector show it. */
  title: string;
  /** One sentence for the palette's tooltips, the quick-add list and the inspector. */
  description: string;
  /** The inputs and outputs the canvas draws and the connection rules check. */
  ports: NodePorts;
  /** The params schema, from params.ts (defaults live there). */
  params: S;
  /** The params a new node starts with: discriminators and the values a student sees first; the rest default. */
  newParams: Readonly<z.input<S>>;
  /** The node's settings in a few words, from its parsed params (defaults applied), e.g. `IID · 10 clients`. */
  summary(params: z.output<S>): string;
  /** The kind's colour on the canvas: header, icon and minimap (a CSS colour). */
  color: string;
  icon: NodeIconName;
  exportCall: ExportCall<S>;
  report: ReportSpec;
}

/** A spec with its types inferred from its schema, so `newParams` and `summary` are checked against it. */
export function defineNodeKind<K extends NodeKind, S extends z.ZodType>(spec: NodeKindSpec<K, S>): NodeKindSpec<K, S> {
  return spec;
}

/** A count as the workbench writes it: `12,345`. */
export const count = (v: number): string => v.toLocaleString('en-US');

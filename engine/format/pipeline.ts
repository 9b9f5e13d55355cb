/**
 * The pipeline document (`*.fedflow.json`), defined once with zod. The document keeps params exactly as
 * the user wrote them (defaults are applied when a node is resolved, not written back), so a file opened
 * and saved is unchanged.
 */
import { z } from 'zod';
import { NODE_KINDS } from './nodeKinds.js';

/** The format tag this version of FedFlow writes. */
export const FORMAT_VERSION = 2;
export const FORMAT_TAG = `fedflow/pipeline@${FORMAT_VERSION}` as const;

export const BACKENDS = ['auto', 'wasm', 'cpu', 'webgpu', 'node', 'node-gpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export const pipelineNode = z.object({
  id: z.string().min(1),
  kind: z.enum(NODE_KINDS),
  /** A display name; the kind is shown when absent. */
  label: z.string().optional(),
  position: z.object({ x: z.number(), y: z.number() }).default({ x: 0, y: 0 }),
  params: z.record(z.string(), z.unknown()).default({}),
});

export const pipelineEdge = z.object({
  id: z.string().min(1),
  source: z.string().min(1),
  sourceHandle: z.string().nullable().optional(),
  target: z.string().min(1),
  targetHandle: z.string().nullable().optional(),
});

export const pipelineSettings = z.object({
  /** Which TensorFlow.js backend trains; `auto` takes webgpu on a hardware GPU, then tfjs-node-gpu, then tfjs-node, where installed, else wasm. */
  backend: z.enum(BACKENDS).default('auto'),
  /** Worker threads; defaults to the number of cores. */
  workers: z.number().int().min(1).max(256).optional(),
  /**
   * `auto` (the default) trains a round's clients of a dense model in cohorts, one per worker; `off` sends
   * each client to a worker alone. Both give the same numbers; only the speed differs.
   */
  cohort: z.enum(['auto', 'off']).optional(),
});

/** Whether the worker pool trains a round's clients in cohorts. */
export type CohortSetting = 'auto' | 'off';

export const pipelineDocument = z.object({
  format: z.literal(FORMAT_TAG),
  name: z.string().default('Untitled pipeline'),
  /** Markdown shown with the pipeline. */
  description: z.string().default(''),
  /** The one seed every random choice of a run derives from. */
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(42),
  settings: pipelineSettings.default({ backend: 'auto' }),
  nodes: z.array(pipelineNode),
  edges: z.array(pipelineEdge).default([]),
});

export type PipelineNode = z.output<typeof pipelineNode>;
export type PipelineEdge = z.output<typeof pipelineEdge>;
export type PipelineSettings = z.output<typeof pipelineSettings>;
export type PipelineDocument = z.output<typeof pipelineDocument>;
export type PipelineDocumentInput = z.input<typeof pipelineDocument>;

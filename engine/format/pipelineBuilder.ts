/**
 * Building a pipeline in code, readably: one call per node, each taking the nodes it reads from.
 *
 *   const p = new PipelineBuilder({ name: 'MNIST with FedAvg', seed: 42 });
 *   const data = p.dataset('mnist', { source: 'mnist', trainSize: 8000, testSize: 2000 });
 *   const split = p.split('split', { method: 'iid', numClients: 10 }, data);
 *   const model = p.model('mlp', { arch: 'mlp', hidden: [128, 64] });
 *   const clients = p.client('clients', { localEpochs: 1 }, { clients: split, model });
 *   const fedavg = p.aggregator('fedavg', { strategy: 'FedAvg', rounds: 10 }, [clients]);
 *   p.evaluate('eval', { every: 1 }, fedavg);
 *   const doc = p.build();   // a validated PipelineDocument; throws PipelineError listing every problem
 *
 * Params are typed as each kind's schema takes them (`z.input`), so defaults may be left out, and are kept
 * exactly as written, as in a file. The node references are typed by what their outputs carry, so wiring a
 * data set where a split is expected does not compile. Edges are made in call order with explicit handles
 * and ids `${source}-${target}`, so the same calls always give the same document. Labels and positions are
 * kept, so a document built in code opens in the workbench as it was drawn.
 */
import type { z } from 'zod';
import type { NodeKind } from './nodeKinds.js';
import type { PARAMS_SCHEMAS } from './params.js';
import type { PipelineDocument, PipelineDocumentInput } from './pipeline.js';
import { FORMAT_TAG } from './pipeline.js';
import { PipelineError, type Problem } from './problems.js';
import { parsePipeline } from './validate.js';

/** The params of a node kind as written: fields with defaults may be left out. */
export type ParamsInput<K extends NodeKind> = z.input<(typeof PARAMS_SCHEMAS)[K]>;

/** A node added to a builder, passed to the calls of the nodes that read from it. */
export interface NodeRef<K extends NodeKind = NodeKind> {
  readonly id: string;
  readonly kind: K;
}

/** How a node is shown on the canvas; the run ignores both. */
export interface NodeLayout {
  label?: string;
  /** Where the node sits on the canvas (default 0, 0). */
  position?: { x: number; y: number };
}

/** The document-level fields: everything but nodes and edges. */
export type PipelineHeader = Omit<PipelineDocumentInput, 'format' | 'nodes' | 'edges'>;

interface BuiltNode {
  id: string;
  kind: NodeKind;
  label?: string;
  position?: { x: number; y: number };
  params: Record<string, unknown>;
}

interface BuiltEdge {
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: string;
}

/** Builds a pipeline document node by node; `build()` validates it. */
export class PipelineBuilder {
  private readonly nodes: BuiltNode[] = [];
  private readonly edges: BuiltEdge[] = [];

  constructor(private readonly header: PipelineHeader = {}) {}

  /** A data set: the examples (`mnist`, `synthetic`, `csv`, `idx`). */
  dataset(id: string, params: ParamsInput<'dataset'>, layout?: NodeLayout): NodeRef<'dataset'> {
    return this.add(id, 'dataset', params, layout);
  }

  /** A split of a data set's training examples into clients. */
  split(id: string, params: ParamsInput<'split'>, data: NodeRef<'dataset'>, layout?: NodeLayout): NodeRef<'split'> {
    const ref = this.add(id, 'split', params, layout);
    this.connect(data, 'data', ref, 'data');
    return ref;
  }

  /** A model architecture. */
  model(id: string, params: ParamsInput<'model'>, layout?: NodeLayout): NodeRef<'model'> {
    return this.add(id, 'model', params, layout);
  }

  /** A group of clients: which of a split's clients train which model, and how. */
  client(
    id: string,
    params: ParamsInput<'client'>,
    inputs: { clients: NodeRef<'split'>; model: NodeRef<'model'> },
    layout?: NodeLayout,
  ): NodeRef<'client'> {
    const ref = this.add(id, 'client', params, layout);
    this.connect(inputs.clients, 'clients', ref, 'clients');
    this.connect(inputs.model, 'model', ref, 'model');
    return ref;
  }

  /** An aggregator (one federation), fed by one or more client groups, in this order. */
  aggregator(
    id: string,
    params: ParamsInput<'aggregator'>,
    updates: NodeRef<'client'> | readonly NodeRef<'client'>[],
    layout?: NodeLayout,
  ): NodeRef<'aggregator'> {
    const ref = this.add(id, 'aggregator', params, layout);
    const groups: readonly NodeRef<'client'>[] = isRefList(updates) ? updates : [updates];
    for (const client of groups) this.connect(client, 'updates', ref, 'updates');
    return ref;
  }

  /** An evaluation of an aggregator's global model. */
  evaluate(id: string, params: ParamsInput<'evaluate'>, global: NodeRef<'aggregator'>, layout?: NodeLayout): NodeRef<'evaluate'> {
    const ref = this.add(id, 'evaluate', params, layout);
    this.connect(global, 'global', ref, 'global');
    return ref;
  }

  /** A markdown note for readers; the run ignores it. Without text, its params stay empty. */
  note(id: string, text?: string, layout?: NodeLayout): NodeRef<'note'> {
    return this.add(id, 'note', text === undefined ? {} : { text }, layout);
  }

  /** The document as built so far, unvalidated, in the file's shape (what `JSON.stringify` would save). */
  toJSON(): PipelineDocumentInput {
    const taken = new Set<string>();
    const edgeId = (e: BuiltEdge) => {
      const base = `${e.source}-${e.target}`;
      let id = base;
      for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
      taken.add(id);
      return id;
    };
    return {
      format: FORMAT_TAG,
      ...structuredClone(this.header),
      nodes: this.nodes.map((n) => ({
        id: n.id,
        kind: n.kind,
        ...(n.label !== undefined ? { label: n.label } : {}),
        ...(n.position !== undefined ? { position: { ...n.position } } : {}),
        params: structuredClone(n.params),
      })),
      edges: this.edges.map((e) => ({ id: edgeId(e), ...e })),
    };
  }

  /** Every problem of the document as built so far (errors and warnings), as `fedflow validate` finds them. */
  validate(): Problem[] {
    return parsePipeline(this.toJSON()).problems;
  }

  /** The validated document; throws a PipelineError listing every error. Warnings do not stop it. */
  build(): PipelineDocument {
    const { doc, problems } = parsePipeline(this.toJSON());
    const errors = problems.filter((p) => p.severity === 'error');
    if (!doc || errors.length > 0) throw new PipelineError(errors);
    return doc;
  }

  private add<K extends NodeKind>(id: string, kind: K, params: object, layout: NodeLayout = {}): NodeRef<K> {
    // Keys set to undefined are left out, as a saved file would leave them.
    const written = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
    this.nodes.push({
      id,
      kind,
      ...(layout.label !== undefined ? { label: layout.label } : {}),
      ...(layout.position !== undefined ? { position: { x: layout.position.x, y: layout.position.y } } : {}),
      params: structuredClone(written),
    });
    return { id, kind };
  }

  private connect(source: NodeRef, sourceHandle: string, target: NodeRef, targetHandle: string): void {
    this.edges.push({ source: source.id, sourceHandle, target: target.id, targetHandle });
  }
}

function isRefList<K extends NodeKind>(value: NodeRef<K> | readonly NodeRef<K>[]): value is readonly NodeRef<K>[] {
  return Array.isArray(value);
}

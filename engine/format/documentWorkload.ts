/**
 * What a document asks a run to do, read from its params alone (no data loaded): each federation's model,
 * client groups and examples, for the estimate of engine/model/runEstimate.ts. Where the document does not
 * say (a CSV's columns, an IDX file's image size), the figures are lower bounds — one feature, two classes
 * — so a refusal made from them is never wrong; planning a run repeats the check with the data's figures.
 */
import type { ModelSpec } from '../model/modelSpec.js';
import type { FederationWorkload, GroupWorkload } from '../model/runEstimate.js';
import { checkRunLimits, WASM_HEAP_BYTES, type ModelField } from '../model/runLimits.js';
import type { Problem } from './problems.js';
import { parseClientRanges } from './clientSelection.js';
import { firstTargetOfKind, nodeById, nodeName, sourceOf, sourcesOf } from './graph.js';
import { assertNever } from './nodeKinds.js';
import type { DatasetParams, ModelParams } from './params.js';
import type { PipelineDocument, PipelineNode } from './pipeline.js';
import { isKind, resolveParams } from './resolveParams.js';

/** What a data set node says of its data: shapes and sizes, exact or lower bounds. */
export interface DatasetFigures {
  featureShape: number[];
  numClasses: number;
  trainExamples: number;
  testExamples: number;
  /** Natural clients (synthetic devices), where known. */
  naturalClients?: number;
}

/** A data set's figures from its params: exact for MNIST, lower bounds where the files must be read. */
export function datasetFigures(params: DatasetParams): DatasetFigures {
  switch (params.source) {
    case 'mnist':
      return { featureShape: [28, 28, 1], numClasses: 10, trainExamples: params.trainSize, testExamples: params.testSize };
    case 'synthetic': {
      // Every device holds at least sizeMin rows.
      const rows = params.devices * params.sizeMin;
      const test = Math.floor(rows * params.testFraction);
      return { featureShape: [params.features], numClasses: params.classes, trainExamples: rows - test, testExamples: test, naturalClients: params.devices };
    }
    case 'csv':
      return { featureShape: [1], numClasses: 2, trainExamples: 0, testExamples: 0 };
    case 'idx':
      return { featureShape: [1, 1, 1], numClasses: 2, trainExamples: 0, testExamples: 0 };
    default:
      return assertNever(params, 'data source');
  }
}

/** Bytes of a data set with these figures once loaded (float features, integer labels). */
export function datasetBytes(f: DatasetFigures): number {
  const features = f.featureShape.reduce((a, b) => a * b, 1);
  return (f.trainExamples + f.testExamples) * (features + 1) * 4;
}

/** The node and field a model's size is refused on: `hidden` for an MLP, `arch` otherwise. */
export function modelFieldOf(node: PipelineNode, params: ModelParams): ModelField {
  return { nodeId: node.id, field: params.arch === 'mlp' ? 'params.hidden' : 'params.arch', name: nodeName(node) };
}

/** The document's workloads and data bytes; federations whose nodes are not all valid are left out. */
export function documentWorkloads(
  doc: PipelineDocument,
  ok: (n?: PipelineNode) => n is PipelineNode,
): { workloads: FederationWorkload[]; dataBytes: number } {
  const workloads: FederationWorkload[] = [];
  const datasets = new Map<string, number>();
  for (const agg of doc.nodes) {
    if (!isKind(agg, 'aggregator') || !ok(agg)) continue;
    const groups: GroupWorkload[] = [];
    let model: ModelSpec | undefined;
    let modelNode: PipelineNode | undefined;
    let figures: DatasetFigures | undefined;
    let complete = true;
    for (const client of sourcesOf(doc, agg.id, 'updates')) {
      const split = sourceOf(doc, client.id, 'clients', 'split');
      const dataset = split && sourceOf(doc, split.id, 'data', 'dataset');
      const mNode = sourceOf(doc, client.id, 'model', 'model');
      if (!isKind(client, 'client') || !ok(client) || !ok(split) || !isKind(split, 'split') || !ok(dataset) || !isKind(dataset, 'dataset') || !ok(mNode) || !isKind(mNode, 'model')) {
        complete = false;
        break;
      }
      const ds = resolveParams(dataset);
      figures = datasetFigures(ds);
      datasets.set(dataset.id, datasetBytes(figures));
      const sp = resolveParams(split);
      const cp = resolveParams(client);
      const splitClients = sp.method === 'natural' ? Math.max(1, figures.naturalClients ?? 1) : sp.numClients;
      const selection = sp.method === 'natural' ? { ok: true as const, count: splitClients } : parseClientRanges(cp.clients, splitClients);
      if (!selection.ok) {
        complete = false;
        break;
      }
      const perClient = Math.max(1, Math.floor(figures.trainExamples / splitClients));
      groups.push({ clientNodeId: client.id, params: cp, clients: selection.count, examplesPerClient: perClient, maxExamplesPerClient: perClient });
      model = { params: resolveParams(mNode), inputShape: figures.featureShape, numClasses: figures.numClasses };
      // A CNN on rows of numbers is an error of its own (validate's checkModel); it has no layout to estimate.
      if (model.params.arch === 'cnn' && model.inputShape.length !== 3) {
        complete = false;
        break;
      }
      modelNode = mNode;
    }
    if (!complete || !model || !modelNode || !figures) continue;
    const evaluate = firstTargetOfKind(doc, agg.id, 'evaluate');
    const central = evaluate && ok(evaluate) && isKind(evaluate, 'evaluate') && resolveParams(evaluate).centralized;
    workloads.push({
      aggregatorId: agg.id,
      modelNodeId: modelNode.id,
      model,
      aggregator: resolveParams(agg),
      groups,
      testExamples: central ? figures.testExamples : 0,
    });
  }
  return { workloads, dataBytes: [...datasets.values()].reduce((a, b) => a + b, 0) };
}

/**
 * The limits a document breaks whatever machine runs it: a weight vector longer than a typed array holds,
 * or (with the wasm backend chosen) a worker's heap past 4 GiB. Machine memory and cores are checked when
 * a run is planned (engine/run/machineLimits.ts).
 */
export function documentLimitProblems(doc: PipelineDocument, ok: (n?: PipelineNode) => n is PipelineNode): Problem[] {
  const { workloads, dataBytes } = documentWorkloads(doc, ok);
  const wasm = doc.settings.backend === 'wasm';
  const check = checkRunLimits(workloads, dataBytes, 1, { backend: doc.settings.backend, deviceHeapBytes: wasm ? WASM_HEAP_BYTES : null }, (f) => {
    const node = nodeById(doc, f.modelNodeId)!;
    return modelFieldOf(node, f.model.params);
  });
  return check.problems;
}

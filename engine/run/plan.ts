/**
 * Planning a run: load each data set once, split it once, and lay out the federations (one per
 * aggregator node) with their client groups. Failures become Problems that name the node and field.
 */
import { DatasetError } from '../data/datasetError.js';
import type { Dataset } from '../data/dataset.js';
import { loadDatasetOffThread } from '../data/loadDatasetOffThread.js';
import { parseClientSelection } from '../format/clientSelection.js';
import { documentWorkloads, modelFieldOf } from '../format/documentWorkload.js';
import { nodeById, nodeName, sourceOf, sourcesOf, targetsOf } from '../format/graph.js';
import type { AggregatorParams, ClientParams, EvaluateParams } from '../format/params.js';
import type { BackendName, CohortSetting, PipelineDocument, PipelineNode } from '../format/pipeline.js';
import { hasErrors, PipelineError, type Problem } from '../format/problems.js';
import { isKind, resolveParams } from '../format/resolveParams.js';
import { validatePipeline } from '../format/validate.js';
import type { ModelSpec } from '../model/modelSpec.js';
import type { FederationWorkload, RunEstimate } from '../model/runEstimate.js';
import { checkRunLimits } from '../model/runLimits.js';
import { deriveSeed, Rng } from '../random/rng.js';
import { SplitError, type Partition } from '../split/partition.js';
import { splitDataset } from '../split/splitDataset.js';
import type { AvailabilityTrace } from '../sim/availability.js';
import { needsSingleWorker, resolveBackend, type ConcreteBackend } from '../train/backend.js';
import { loadAvailability } from './loadAvailability.js';
import { machineLimits } from './machineLimits.js';
import { defaultWorkers } from './pool.js';

export interface ClientGroupPlan {
  clientNodeId: string;
  params: ClientParams;
  splitId: string;
  /** The split's client numbers this group takes. */
  splitClients: number[];
  /** This group's first client id within the federation. */
  firstId: number;
  /** When each client is online, from the group's availability trace. */
  availability?: AvailabilityTrace;
}

export interface FederationPlan {
  aggregatorId: string;
  label: string;
  params: AggregatorParams;
  evaluate?: { nodeId: string; params: EvaluateParams };
  modelNodeId: string;
  model: ModelSpec;
  datasetId: string;
  groups: ClientGroupPlan[];
  clients: number;
}

export interface RunPlan {
  doc: PipelineDocument;
  seed: number;
  datasets: Map<string, Dataset>;
  partitions: Map<string, Partition>;
  federations: FederationPlan[];
  /** The backend the run trains on (`auto` resolved). */
  backend: ConcreteBackend;
  /** Worker threads the run starts: what was asked, capped at what this machine holds. */
  workers: number;
  /** Whether the worker pool trains a round's clients in cohorts. */
  cohort: CohortSetting;
  /** What the run costs in memory and work, from the loaded data's shapes. */
  estimate: RunEstimate;
  /** Warnings found while planning (workers capped, memory short of free). */
  warnings: Problem[];
}

export interface PlanOptions {
  /** Folder that relative data paths are read from (the pipeline file's folder). */
  baseDir: string;
  /** Overrides the document's seed. */
  seed?: number;
  /** Overrides every aggregator's rounds. */
  rounds?: number;
  /** Worker threads (default: the document's setting, else one per core); capped at what the machine holds. */
  workers?: number;
  /** Backend (default: the document's setting, else `auto`). */
  backend?: BackendName;
  /** Cohort training in the worker pool (default: the document's setting, else `auto`). */
  cohort?: CohortSetting;
  /**
   * The document's problems, where the caller has just validated this very document (the host does so off
   * its event loop); planning then does not validate it again.
   */
  problems?: readonly Problem[];
  /**
   * Told of each split as soon as it is made, before later steps may fail: a check (checkPipeline) shows
   * a valid split's partition even when a client group beyond it is wrong.
   */
  onPartition?: (splitId: string, partition: Partition, dataset: Dataset) => void;
  /** `fedflow serve`: a `remote` split's clients join over the network; without this such a split is refused. */
  remoteClients?: boolean;
}

function fail(problem: Problem): never {
  throw new PipelineError([problem]);
}

/**
 * Validates, checks the run fits this machine, loads and splits: everything a run needs before its first
 * round. The fit is checked twice: from the document alone before any data is read (lower bounds, so a
 * model that cannot fit is refused at once), then with the loaded data's shapes and sizes.
 */
export async function planRun(doc: PipelineDocument, options: PlanOptions): Promise<RunPlan> {
  const problems = options.problems ?? validatePipeline(doc);
  if (hasErrors(problems)) throw new PipelineError(problems.filter((p) => p.severity === 'error'));
  if (!options.remoteClients) refuseRemoteSplits(doc);
  const seed = options.seed ?? doc.seed;
  const backend = await resolveBackend(options.backend ?? doc.settings.backend);
  const requested = needsSingleWorker(backend) ? 1 : (options.workers ?? doc.settings.workers ?? defaultWorkers());
  const limits = machineLimits(backend);
  const modelField = (f: FederationWorkload) => modelFieldOf(nodeById(doc, f.modelNodeId)!, f.model.params);
  const early = documentWorkloads(doc, (n): n is PipelineNode => n !== undefined);
  const before = checkRunLimits(early.workloads, early.dataBytes, requested, limits, modelField);
  if (hasErrors(before.problems)) throw new PipelineError(before.problems.filter((p) => p.severity === 'error'));
  const aggregators = doc.nodes.filter((n): n is PipelineNode & { kind: 'aggregator' } => isKind(n, 'aggregator'));
  const datasets = new Map<string, Dataset>();
  const partitions = new Map<string, Partition>();

  const datasetOf = async (node: PipelineNode & { kind: 'dataset' }): Promise<Dataset> => {
    const cached = datasets.get(node.id);
    if (cached) return cached;
    try {
      // Off the event loop: in the studio a large file would otherwise freeze every connection while it parses.
      const ds = await loadDatasetOffThread(resolveParams(node), { baseDir: options.baseDir, seed: deriveSeed(seed, 'dataset', node.id) });
      datasets.set(node.id, ds);
      return ds;
    } catch (e) {
      if (e instanceof DatasetError) {
        fail({ severity: 'error', nodeId: node.id, field: `params.${e.field}`, message: `${nodeName(node)}: ${e.message}` });
      }
      throw e;
    }
  };

  const partitionOf = (split: PipelineNode & { kind: 'split' }, dataset: Dataset): Partition => {
    const cached = partitions.get(split.id);
    if (cached) return cached;
    try {
      const p = splitDataset(resolveParams(split), dataset, new Rng(deriveSeed(seed, 'split', split.id)));
      partitions.set(split.id, p);
      options.onPartition?.(split.id, p, dataset);
      return p;
    } catch (e) {
      if (e instanceof SplitError) {
        fail({ severity: 'error', nodeId: split.id, field: `params.${e.field}`, message: `${nodeName(split)}: ${e.message}` });
      }
      throw e;
    }
  };

  const traces = new Map<string, AvailabilityTrace>();
  const traceOf = (client: PipelineNode, path: string, period: number): AvailabilityTrace => {
    const cached = traces.get(client.id);
    if (cached) return cached;
    try {
      const trace = loadAvailability(path, options.baseDir, period);
      traces.set(client.id, trace);
      return trace;
    } catch (e) {
      fail({ severity: 'error', nodeId: client.id, field: 'params.availability', message: `${nodeName(client)}: ${(e as Error).message}` });
    }
  };

  const federations: FederationPlan[] = [];
  for (const agg of aggregators) {
    const params = resolveParams(agg);
    if (options.rounds !== undefined) params.rounds = options.rounds;
    const groups: ClientGroupPlan[] = [];
    let model: ModelSpec | undefined;
    let modelNodeId = '';
    let datasetId = '';
    let next = 0;
    for (const client of sourcesOf(doc, agg.id, 'updates')) {
      if (!isKind(client, 'client')) continue;
      const split = sourceOf(doc, client.id, 'clients', 'split') as PipelineNode & { kind: 'split' };
      const datasetNode = sourceOf(doc, split.id, 'data', 'dataset') as PipelineNode & { kind: 'dataset' };
      const modelNode = sourceOf(doc, client.id, 'model', 'model') as PipelineNode & { kind: 'model' };
      const dataset = await datasetOf(datasetNode);
      const partition = partitionOf(split, dataset);
      const cp = resolveParams(client);
      const selection = parseClientSelection(cp.clients, partition.numClients);
      if (!selection.ok) fail({ severity: 'error', nodeId: client.id, field: 'params.clients', message: `${nodeName(client)}: ${selection.message}` });
      const availability = cp.availability ? traceOf(client, cp.availability, cp.availabilityPeriod) : undefined;
      groups.push({ clientNodeId: client.id, params: cp, splitId: split.id, splitClients: selection.ids, firstId: next, ...(availability ? { availability } : {}) });
      next += selection.ids.length;
      modelNodeId = modelNode.id;
      datasetId = datasetNode.id;
      model = { params: resolveParams(modelNode), inputShape: dataset.featureShape, numClasses: dataset.numClasses };
    }
    const evalNode = targetsOf(doc, agg.id).find((n): n is PipelineNode & { kind: 'evaluate' } => isKind(n, 'evaluate'));
    federations.push({
      aggregatorId: agg.id,
      label: agg.label ?? agg.id,
      params,
      ...(evalNode ? { evaluate: { nodeId: evalNode.id, params: resolveParams(evalNode) } } : {}),
      modelNodeId,
      model: model!,
      datasetId,
      groups,
      clients: next,
    });
  }
  const workloads = federations.map((f) => federationWorkload(f, datasets, partitions));
  const dataBytes = [...datasets.values()].reduce((s, d) => s + d.train.x.byteLength + d.train.y.byteLength + d.test.x.byteLength + d.test.y.byteLength, 0);
  const fit = checkRunLimits(workloads, dataBytes, requested, limits, modelField);
  if (hasErrors(fit.problems)) throw new PipelineError(fit.problems.filter((p) => p.severity === 'error'));
  return { doc, seed, datasets, partitions, federations, backend, workers: fit.workers, cohort: options.cohort ?? doc.settings.cohort ?? 'auto', estimate: fit.estimate, warnings: fit.problems };
}

/** A `remote` split's clients bring their own data over the network, which only `fedflow serve` listens for. */
function refuseRemoteSplits(doc: PipelineDocument): void {
  for (const node of doc.nodes) {
    if (isKind(node, 'split') && resolveParams(node).method === 'remote') {
      fail({
        severity: 'error',
        nodeId: node.id,
        field: 'params.method',
        message: `${nodeName(node)}: remote clients need \`fedflow serve\`: their data is on their own machines, so this split cannot run here. Serve the pipeline (fedflow serve FILE) and let each client join (fedflow join URL --data FILE), or choose another split method to simulate the clients.`,
      });
    }
  }
}

/** A planned federation as the estimate reads it: its clients' real example counts and the test set's size. */
function federationWorkload(f: FederationPlan, datasets: Map<string, Dataset>, partitions: Map<string, Partition>): FederationWorkload {
  const dataset = datasets.get(f.datasetId)!;
  return {
    aggregatorId: f.aggregatorId,
    modelNodeId: f.modelNodeId,
    model: f.model,
    aggregator: f.params,
    groups: f.groups.map((g) => {
      const offsets = partitions.get(g.splitId)!.trainOffsets;
      let total = 0;
      let largest = 0;
      for (const c of g.splitClients) {
        const n = offsets[c + 1] - offsets[c];
        total += n;
        largest = Math.max(largest, n);
      }
      const clients = g.splitClients.length;
      return { clientNodeId: g.clientNodeId, params: g.params, clients, examplesPerClient: clients > 0 ? total / clients : 0, maxExamplesPerClient: largest };
    }),
    testExamples: f.evaluate?.params.centralized ? dataset.test.y.length : 0,
  };
}

/**
 * What a run will cost before it starts: the memory it holds and the arithmetic it does. Computed from the
 * model's weight layout and the clients' settings, without building a model or allocating a weight, so a
 * document asking for a 30000×30000 layer is refused in microseconds instead of allocating until the
 * machine kills it.
 *
 * Memory, per copy of the weights (P parameters × 4 bytes):
 * - each **worker** holds, in its backend (the wasm heap for wasm): its model's weights, the gradients, the
 *   optimizer's slots (momentum 1, Adam 2) and the temporaries of one update step, FedProx's anchor copy,
 *   SCAFFOLD's correction, plus one batch's activations (forward values, what the backward pass keeps, and
 *   their gradients); and in JavaScript the weights it reads back and sends (2 copies);
 * - the **coordinator** holds every federation's global weights and its strategy's state (FedAvgM 1,
 *   FedAdam/Yogi/Adagrad 2, SCAFFOLD 1 plus one control variate per client), and during a round the shared
 *   copy it sends, every sampled client's update (SCAFFOLD: and its control delta and correction), the
 *   aggregate, and Krum's pairwise distances;
 * - the **data set** is loaded once and shared by every thread.
 *
 * Work: a dense layer costs 2·in·out floating-point operations per example forward, a 'same' convolution
 * 2·k²·c_in·c_out per output pixel; training an example costs about three forward passes.
 *
 * The figures are estimates of the right order (they leave out allocator slack and tfjs's bookkeeping),
 * used to refuse what cannot fit and to cap workers; they are not a promise of a run's peak.
 */
import type { AggregatorParams, ClientParams } from '../format/params.js';
import { assertNever } from '../format/nodeKinds.js';
import { CNN_LAYOUT, weightLayout, type ModelSpec } from './modelSpec.js';

const FLOAT = 4;
/** What a worker thread with a started backend costs before it holds a model (measured: 35–45 MiB with wasm). */
export const WORKER_BASE_BYTES = 64 * 2 ** 20;
/** Rows scored at a time when evaluating (as engine/train/modelRunner.ts). */
const EVAL_BATCH = 512;
/** Copies of the weights one update step keeps alive at once, beyond the weights and gradients, by optimizer. */
const STEP_TEMPORARIES: Record<ClientParams['optimizer'], number> = { sgd: 2, momentum: 4, adam: 12 };
const OPTIMIZER_SLOTS: Record<ClientParams['optimizer'], number> = { sgd: 0, momentum: 1, adam: 2 };

/** One client group of a federation, as the estimate needs it. */
export interface GroupWorkload {
  clientNodeId: string;
  params: ClientParams;
  /** Clients in the group. */
  clients: number;
  /** Training examples of a client, on average. */
  examplesPerClient: number;
  /** Training examples of the largest client (a `full` batch is this big). */
  maxExamplesPerClient: number;
}

/** One federation (aggregator node) as the estimate needs it. */
export interface FederationWorkload {
  aggregatorId: string;
  modelNodeId: string;
  model: ModelSpec;
  aggregator: AggregatorParams;
  groups: GroupWorkload[];
  /** Central test examples scored at each evaluation (0 when nothing is evaluated centrally). */
  testExamples: number;
}

/** One layer's size: its weights, its output per example and its forward cost per example. */
export interface LayerCost {
  name: string;
  parameters: number;
  /** Values the layer outputs per example. */
  activations: number;
  /** Floating-point operations of one forward pass per example. */
  flops: number;
}

/** The estimate of one federation. */
export interface FederationEstimate {
  aggregatorId: string;
  modelNodeId: string;
  /** Weights of the model. */
  parameters: number;
  /** Layers with weights. */
  layers: number;
  /** Values of the largest single weight tensor. */
  largestTensor: number;
  /** Clients sampled in a round, across groups (over-selection included). */
  sampledPerRound: number;
  /** Bytes a worker's backend keeps for this model between clients: weights and optimizer slots. */
  deviceResidentBytes: number;
  /** Bytes a worker's backend adds while it trains one step or scores one batch. */
  deviceStepBytes: number;
  /** Bytes of weights a worker holds in JavaScript around a task. */
  workerJsBytes: number;
  /** Bytes the coordinator keeps for the whole run: global weights and strategy state. */
  coordinatorResidentBytes: number;
  /** Bytes the coordinator adds during one of this federation's rounds. */
  coordinatorRoundBytes: number;
  flopsPerRound: number;
  rounds: number;
  totalFlops: number;
}

/** The estimate of a whole run. */
export interface RunEstimate {
  federations: FederationEstimate[];
  workers: number;
  /** Bytes in one worker's backend heap at its peak (the wasm backend's 4 GiB limit applies to this). */
  deviceBytesPerWorker: number;
  /** Bytes one worker thread costs at its peak: backend base, backend heap and JavaScript copies. */
  workerBytes: number;
  /** Bytes the coordinator holds at its peak. */
  coordinatorBytes: number;
  /** Bytes of the loaded data sets. */
  dataBytes: number;
  /** coordinator + data + workers × worker bytes. */
  totalBytes: number;
  /** The largest model's weights. */
  parameters: number;
  /** The deepest model's layers with weights. */
  layers: number;
  flopsPerRound: number;
  totalFlops: number;
}

/** The layers of a model with their weights, outputs and forward cost per example. */
export function layerCosts(spec: ModelSpec): LayerCost[] {
  const p = spec.params;
  const kernels = weightLayout(spec).filter((e) => e.role === 'kernel');
  const dense = (name: string, inputs: number, units: number): LayerCost => ({
    name,
    parameters: inputs * units + units,
    activations: units,
    flops: 2 * inputs * units,
  });
  switch (p.arch) {
    case 'logistic':
    case 'mlp':
      return kernels.map((k) => dense(k.name.split('/')[0], k.shape[0], k.shape[1]));
    case 'cnn': {
      const [h, w] = spec.inputShape;
      const [conv1, , dense1, logits] = kernels;
      const kk = CNN_LAYOUT.kernel * CNN_LAYOUT.kernel;
      const cin = conv1.shape[2];
      const h2 = Math.floor(h / 2);
      const w2 = Math.floor(w / 2);
      return [
        { name: 'conv1', parameters: kk * cin * CNN_LAYOUT.conv1 + CNN_LAYOUT.conv1, activations: h * w * CNN_LAYOUT.conv1 * 1.25, flops: 2 * kk * cin * CNN_LAYOUT.conv1 * h * w },
        {
          name: 'conv2',
          parameters: kk * CNN_LAYOUT.conv1 * CNN_LAYOUT.conv2 + CNN_LAYOUT.conv2,
          activations: h2 * w2 * CNN_LAYOUT.conv2 * 1.25,
          flops: 2 * kk * CNN_LAYOUT.conv1 * CNN_LAYOUT.conv2 * h2 * w2,
        },
        dense('dense1', dense1.shape[0], dense1.shape[1]),
        dense('logits', logits.shape[0], logits.shape[1]),
      ];
    }
    default:
      return assertNever(p, 'model architecture');
  }
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
/** The largest of some numbers, 0 for none (a loop: spreading 100,000 federations into Math.max overflows). */
export const maxOf = (xs: readonly number[]) => xs.reduce((a, b) => (b > a ? b : a), 0);

/** Clients a group samples a round: ⌊fraction·n⌋, at least minClients, over-selection on top, never more than n. */
function sampled(g: GroupWorkload): number {
  const keep = Math.min(g.clients, Math.max(g.params.minClients, Math.floor(g.params.fraction * g.clients)));
  return Math.min(g.clients, Math.ceil(keep * (1 + g.params.overSelection)));
}

/** Copies of the weights the coordinator keeps for a strategy, beyond the global weights. */
function strategyCopies(agg: AggregatorParams, clients: number): number {
  switch (agg.strategy) {
    case 'FedAvgM':
      return 1;
    case 'FedAdam':
    case 'FedYogi':
    case 'FedAdagrad':
      return 2;
    case 'SCAFFOLD':
      // The server's control variate, and each client's own (kept by its proxy from its first round on).
      return 1 + clients;
    case 'FedAvg':
    case 'FedMedian':
    case 'FedTrimmedAvg':
    case 'Krum':
    case 'MultiKrum':
    case 'Bulyan':
    case 'QFedAvg':
      return 0;
    default:
      return assertNever(agg, 'strategy');
  }
}

/** Estimates one federation's memory and work. */
export function estimateFederation(f: FederationWorkload): FederationEstimate {
  const layers = layerCosts(f.model);
  const parameters = sum(layers.map((l) => l.parameters));
  const largestTensor = maxOf(weightLayout(f.model).map((e) => e.shape.reduce((a, b) => a * b, 1)));
  const weightBytes = parameters * FLOAT;
  const inputs = f.model.inputShape.reduce((a, b) => a * b, 1);
  const activationsPerExample = inputs + sum(layers.map((l) => l.activations));
  const forwardFlops = sum(layers.map((l) => l.flops));
  const optimizers = new Set(f.groups.map((g) => g.params.optimizer));
  const slots = sum([...optimizers].map((o) => OPTIMIZER_SLOTS[o]));
  let stepBytes = EVAL_BATCH * activationsPerExample * FLOAT * 2;
  for (const g of f.groups) {
    const batch = Math.max(1, g.params.batchSize === 'full' ? g.maxExamplesPerClient : Math.min(g.params.batchSize, g.maxExamplesPerClient));
    const copies =
      1 + STEP_TEMPORARIES[g.params.optimizer] + (g.params.proximalMu > 0 ? 3 : 0) + (f.aggregator.strategy === 'SCAFFOLD' ? 2 : 0);
    // Forward values, what the backward pass keeps of them, and their gradients.
    stepBytes = Math.max(stepBytes, copies * weightBytes + batch * activationsPerExample * FLOAT * 3);
  }
  const clients = sum(f.groups.map((g) => g.clients));
  const sampledPerRound = sum(f.groups.map(sampled));
  const scaffold = f.aggregator.strategy === 'SCAFFOLD';
  const krum = f.aggregator.strategy === 'Krum' || f.aggregator.strategy === 'MultiKrum' || f.aggregator.strategy === 'Bulyan';
  // Shared copy sent, each sampled update (SCAFFOLD: its delta and correction too), the aggregate.
  const roundCopies = 2 + sampledPerRound * (scaffold ? 3 : 1);
  const trainFlops = sum(f.groups.map((g) => sampled(g) * g.examplesPerClient * g.params.localEpochs * 3 * forwardFlops));
  const flopsPerRound = trainFlops + f.testExamples * forwardFlops;
  return {
    aggregatorId: f.aggregatorId,
    modelNodeId: f.modelNodeId,
    parameters,
    layers: layers.length,
    largestTensor,
    sampledPerRound,
    deviceResidentBytes: (1 + slots) * weightBytes,
    deviceStepBytes: stepBytes,
    workerJsBytes: 2 * weightBytes + (scaffold ? weightBytes : 0),
    coordinatorResidentBytes: (1 + strategyCopies(f.aggregator, clients)) * weightBytes,
    coordinatorRoundBytes: roundCopies * weightBytes + (krum ? sampledPerRound * sampledPerRound * 8 : 0),
    flopsPerRound,
    rounds: f.aggregator.rounds,
    totalFlops: flopsPerRound * f.aggregator.rounds,
  };
}

/**
 * Estimates a run: its federations run their rounds one after another, so the coordinator holds every
 * federation's resident state and one round's buffers at a time; a worker keeps a model per federation it
 * trains (its backend holds them all) and one step's temporaries at a time.
 */
export function estimateRun(federations: readonly FederationWorkload[], dataBytes: number, workers: number): RunEstimate {
  const feds = federations.map(estimateFederation);
  const deviceBytesPerWorker = sum(feds.map((f) => f.deviceResidentBytes)) + maxOf(feds.map((f) => f.deviceStepBytes));
  const workerBytes = WORKER_BASE_BYTES + deviceBytesPerWorker + maxOf(feds.map((f) => f.workerJsBytes));
  const coordinatorBytes = sum(feds.map((f) => f.coordinatorResidentBytes)) + maxOf(feds.map((f) => f.coordinatorRoundBytes));
  return {
    federations: feds,
    workers,
    deviceBytesPerWorker,
    workerBytes,
    coordinatorBytes,
    dataBytes,
    totalBytes: coordinatorBytes + dataBytes + workers * workerBytes,
    parameters: maxOf(feds.map((f) => f.parameters)),
    layers: maxOf(feds.map((f) => f.layers)),
    flopsPerRound: sum(feds.map((f) => f.flopsPerRound)),
    totalFlops: sum(feds.map((f) => f.totalFlops)),
  };
}

/** Bytes as a person reads them: `512 B`, `3.4 MiB`, `14.2 GiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${Math.round(v)} B` : `${v.toFixed(v < 10 ? 2 : 1)} ${units[u]}`;
}

/** Operations as a person reads them: `3.1 MFLOP`, `12 TFLOP`. */
export function formatFlops(flops: number): string {
  const units = ['FLOP', 'kFLOP', 'MFLOP', 'GFLOP', 'TFLOP', 'PFLOP', 'EFLOP'];
  let v = flops;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toFixed(v < 10 && u > 0 ? 1 : 0)} ${units[u]}`;
}

/** One line for `fedflow validate`: weights, memory and work. */
export function describeEstimate(e: RunEstimate): string {
  const workers = `${e.workers} worker${e.workers === 1 ? '' : 's'}`;
  return (
    `estimate: ${e.parameters.toLocaleString('en-US')} weights in ${e.layers} layer${e.layers === 1 ? '' : 's'}; ` +
    `about ${formatBytes(e.totalBytes)} of memory with ${workers} (${formatBytes(e.workerBytes)} a worker, ` +
    `${formatBytes(e.coordinatorBytes)} coordinator, ${formatBytes(e.dataBytes)} data); ` +
    `${formatFlops(e.flopsPerRound)} a round, ${formatFlops(e.totalFlops)} in all`
  );
}

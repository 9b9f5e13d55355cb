/**
 * Refusing a run that cannot fit, before anything is allocated: the estimate (runEstimate.ts) against the
 * limits of JavaScript, of the backend and, where known, of the machine. Problems are values on the model
 * node's field (or `settings.workers`), each giving the estimate and the limit. Browser-safe: the machine's
 * figures are passed in (engine/run/machineLimits.ts reads them in Node).
 */
import type { Problem } from '../format/problems.js';
import { estimateRun, formatBytes, maxOf, type FederationEstimate, type FederationWorkload, type RunEstimate } from './runEstimate.js';

/** The longest Float32Array V8 makes (Node 20, Chrome): a model's flat weight vector must fit in one. */
export const MAX_TYPED_ARRAY_LENGTH = 2 ** 32;
/** The most a wasm32 module's memory grows to (tfjs-backend-wasm's heap: 4 GiB less one 64 KiB page). */
export const WASM_HEAP_BYTES = 2 ** 32 - 2 ** 16;
/** Workers beyond this many per core only contend for the cores (tfjs work is synchronous). */
export const WORKERS_PER_CORE = 4;
/** The share of the machine's memory a run may plan to use; the rest is the system's and other programs'. */
export const MEMORY_SHARE = 0.9;

/** What a run must fit in. */
export interface RunLimits {
  /** The backend, for messages. */
  backend: string;
  /** Bytes one worker's backend heap may hold (wasm: WASM_HEAP_BYTES); null where the backend has no such limit. */
  deviceHeapBytes: number | null;
  /** The machine's memory in bytes (os.totalmem); absent where unknown (the workbench's own validation). */
  totalMemoryBytes?: number;
  /** Memory free now (os.freemem); a run above it is warned about, not refused. */
  freeMemoryBytes?: number;
  /** Cores (os.availableParallelism). */
  cores?: number;
}

/** The estimate, the worker count the run gets and the problems, as `checkRunLimits` finds them. */
export interface LimitCheck {
  estimate: RunEstimate;
  workers: number;
  problems: Problem[];
}

/** Where a federation's model is refused: its node and the field that sizes it. */
export interface ModelField {
  nodeId: string;
  field: string;
  /** How the node is named in messages. */
  name: string;
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * Checks a run's estimate against the limits: a model whose weights overflow a typed array, or one worker
 * whose backend heap cannot hold it, or a run that needs more memory with one worker than the machine has,
 * is an error on its model node; more workers than the machine holds (or than WORKERS_PER_CORE per core)
 * are capped, with a warning on `settings.workers`.
 */
export function checkRunLimits(
  workloads: readonly FederationWorkload[],
  dataBytes: number,
  requestedWorkers: number,
  limits: RunLimits,
  modelField: (f: FederationWorkload) => ModelField,
): LimitCheck {
  const problems: Problem[] = [];
  const refused = new Set<string>();
  const refuse = (f: FederationWorkload | undefined, message: (name: string) => string) => {
    if (!f) {
      problems.push({ severity: 'error', message: `This run: ${message('this run')}` });
      return;
    }
    const where = modelField(f);
    if (refused.has(where.nodeId)) return;
    refused.add(where.nodeId);
    problems.push({ severity: 'error', nodeId: where.nodeId, field: where.field, message: `${where.name}: ${message(where.name)}` });
  };
  const one = estimateRun(workloads, dataBytes, 1);
  const heap = limits.deviceHeapBytes;
  one.federations.forEach((e, i) => {
    const f = workloads[i];
    if (e.parameters > MAX_TYPED_ARRAY_LENGTH) {
      refuse(
        f,
        () =>
          `the model has ${count(e.parameters)} weights (${formatBytes(e.parameters * 4)} a copy); a weight vector holds at most ${count(MAX_TYPED_ARRAY_LENGTH)}, the longest array JavaScript makes. Use fewer or narrower layers.`,
      );
    } else if (heap !== null && deviceBytes(e) > heap) {
      refuse(
        f,
        () =>
          `training this model needs about ${formatBytes(deviceBytes(e))} in each worker's ${limits.backend} heap (${count(e.parameters)} weights, ${formatBytes(e.parameters * 4)} a copy, kept as weights, gradients, optimizer state and one step's temporaries, plus a batch's activations), but the ${limits.backend} backend holds at most ${formatBytes(heap)} per worker. Use fewer or narrower layers${limits.backend === 'wasm' ? ', or a backend without this limit (cpu, or tfjs-node)' : ''}.`,
      );
    }
  });
  if (problems.length === 0 && heap !== null && one.deviceBytesPerWorker > heap) {
    // Each model fits alone, but a worker keeps one per federation it trains.
    refuse(
      largest(workloads, one.federations),
      () =>
        `the run's ${workloads.length} federations together need about ${formatBytes(one.deviceBytesPerWorker)} in each worker's ${limits.backend} heap (a worker keeps every federation's model), but it holds at most ${formatBytes(heap)}. Use smaller models or fewer federations.`,
    );
  }
  let workers = Math.max(1, requestedWorkers);
  const total = limits.totalMemoryBytes;
  if (problems.length === 0 && total !== undefined) {
    const budget = total * MEMORY_SHARE;
    if (one.totalBytes > budget) {
      refuse(
        largest(workloads, one.federations),
        () =>
          `this run needs about ${formatBytes(one.totalBytes)} of memory even with one worker (${formatBytes(one.coordinatorBytes)} on the coordinator: global weights, strategy state and a round's ${count(maxOf(one.federations.map((f) => f.sampledPerRound)))} client updates; ${formatBytes(one.workerBytes)} for the worker; ${formatBytes(one.dataBytes)} of data), but this machine has ${formatBytes(total)} (a run may use ${Math.round(MEMORY_SHARE * 100)}% of it). Use a smaller model, or sample fewer clients a round.`,
      );
    }
  }
  if (problems.length === 0) {
    const byCores = limits.cores !== undefined ? limits.cores * WORKERS_PER_CORE : Infinity;
    const byMemory =
      limits.totalMemoryBytes !== undefined
        ? Math.max(1, Math.floor((limits.totalMemoryBytes * MEMORY_SHARE - one.coordinatorBytes - one.dataBytes) / one.workerBytes))
        : Infinity;
    const capped = Math.min(workers, byCores, byMemory);
    if (capped < workers) {
      const why = [
        byCores <= byMemory && limits.cores !== undefined
          ? `this machine has ${limits.cores} core${limits.cores === 1 ? '' : 's'} and more than ${WORKERS_PER_CORE} workers a core only wait for each other`
          : undefined,
        byMemory < byCores && limits.totalMemoryBytes !== undefined
          ? `each worker needs about ${formatBytes(one.workerBytes)} and this machine's ${formatBytes(limits.totalMemoryBytes)} of memory holds ${byMemory} beside the coordinator and the data`
          : undefined,
      ].filter(Boolean);
      problems.push({
        severity: 'warning',
        field: 'settings.workers',
        message: `The run asks for ${workers} worker threads but uses ${capped}: ${why.join('; ')}.`,
      });
      workers = capped;
    }
  }
  const estimate = estimateRun(workloads, dataBytes, workers);
  if (problems.every((p) => p.severity !== 'error') && limits.freeMemoryBytes !== undefined && estimate.totalBytes > limits.freeMemoryBytes) {
    problems.push({
      severity: 'warning',
      field: 'settings.workers',
      message: `This run needs about ${formatBytes(estimate.totalBytes)} of memory with ${workers} worker${workers === 1 ? '' : 's'}, more than the ${formatBytes(limits.freeMemoryBytes)} free now; other programs may be pushed to swap, or the run killed. Close programs, or use fewer workers.`,
    });
  }
  return { estimate, workers, problems };
}

/** A worker's backend bytes for one federation alone. */
function deviceBytes(e: FederationEstimate): number {
  return e.deviceResidentBytes + e.deviceStepBytes;
}

/** The federation with the most weights: the one to blame when the run as a whole does not fit. */
function largest(workloads: readonly FederationWorkload[], estimates: readonly FederationEstimate[]): FederationWorkload | undefined {
  let best = 0;
  estimates.forEach((e, i) => {
    if (e.parameters > estimates[best].parameters) best = i;
  });
  return workloads[best];
}

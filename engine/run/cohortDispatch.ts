/**
 * Batches a round's train tasks into cohort tasks for the worker pool. Tasks of dense models that share a
 * backend, model, table, round and global weights and arrive together (in one macrotask, as a round's
 * clients do) are split over the workers, one `train-cohort` task each, and each caller gets its own
 * result. The split balances the rows each worker trains (longest first, onto the least loaded), so equal
 * shards give K = n / workers clients each and one large shard does not hold a whole worker's cohort back,
 * which per-client tasks avoided by taking the next client from the pool's queue. A client's numbers are
 * those it gets alone (the cohort trainer's contract), so batching changes speed, never results.
 *
 * A cohort that fails or passes its time limit (K times a client's) does not cost its healthy clients
 * their update: each of its clients is retried alone, so a bad client fails by itself, with its own
 * failure. A client whose signal aborts leaves its cohort's results at once; the cohort task is aborted
 * only when all of its clients are.
 */
import type { CohortSetting } from '../format/pipeline.js';
import { cohortTrains } from '../train/cohort/cohortTrainer.js';
import { COHORT_TASK_VERSION, type TrainCohortResult, type TrainCohortTask, type TrainResult, type TrainTask } from './messages.js';

/** How a dispatcher runs one task on a worker. */
export interface CohortRunners {
  alone(task: TrainTask, signal?: AbortSignal, timeoutMs?: number): Promise<TrainResult>;
  cohort(task: TrainCohortTask, signal?: AbortSignal, timeoutMs?: number): Promise<TrainCohortResult>;
}

interface Waiting {
  task: TrainTask;
  signal?: AbortSignal;
  timeoutMs?: number;
  resolve(result: TrainResult): void;
  reject(error: unknown): void;
}

/** Whether a task may train in a cohort: a dense model, and nothing a lone task must do (an injected fault, a loss before fit). */
export function cohortEligible(task: TrainTask): boolean {
  return cohortTrains(task.model) && task.fault === undefined && !task.lossBeforeFit;
}

/** Rows a client trains on in a round (steps × batch width), the cost its cohort is balanced by. */
export function trainingWork(task: TrainTask): number {
  const { localEpochs, batchSize, maxSteps } = task.client;
  const n = task.rows.length;
  if (n === 0) return 0;
  const width = batchSize === 'full' ? n : Math.min(batchSize, n);
  const steps = localEpochs * Math.ceil(n / width);
  return (maxSteps === undefined ? steps : Math.min(steps, maxSteps)) * width;
}

/**
 * `items` split into at most `bins` groups of near-equal total work: the largest first, each onto the
 * least loaded group (ties to the lower index), members kept in their original order.
 */
export function balancedGroups<T>(items: readonly T[], bins: number, work: (item: T) => number): T[][] {
  const loads = new Array<number>(Math.max(1, Math.min(bins, items.length))).fill(0);
  const chosen = loads.map(() => [] as number[]);
  const order = items.map((item, i) => ({ i, w: work(item) })).sort((a, b) => b.w - a.w || a.i - b.i);
  for (const { i, w } of order) {
    let best = 0;
    for (let b = 1; b < loads.length; b++) if (loads[b] < loads[best]) best = b;
    loads[best] += w;
    chosen[best].push(i);
  }
  return chosen.filter((g) => g.length > 0).map((g) => g.sort((a, b) => a - b).map((i) => items[i]));
}

/** Collects train tasks until the next macrotask and sends them as cohorts (or alone, with the setting off). */
export class CohortDispatch {
  private pending: Waiting[] = [];
  private scheduled = false;
  /** Distinct ids for global-weight and table buffers, so tasks group by the very same buffers. */
  private readonly ids = new WeakMap<object, number>();
  private nextId = 0;
  /** Cohort tasks sent so far (what a test or a status line can count). */
  cohortTasks = 0;

  constructor(
    private readonly workers: number,
    private readonly setting: CohortSetting,
    private readonly run: CohortRunners,
  ) {}

  /** Trains one client, in a cohort where it can. */
  train(task: TrainTask, signal?: AbortSignal, timeoutMs?: number): Promise<TrainResult> {
    if (this.setting === 'off' || !cohortEligible(task) || signal?.aborted) return this.run.alone(task, signal, timeoutMs);
    return new Promise<TrainResult>((resolve, reject) => {
      this.pending.push({ task, ...(signal ? { signal } : {}), ...(timeoutMs ? { timeoutMs } : {}), resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private id(o: object): number {
    let id = this.ids.get(o);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(o, id);
    }
    return id;
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    const groups = new Map<string, Waiting[]>();
    for (const w of batch) {
      const t = w.task;
      const key = `${t.backend}|${JSON.stringify(t.model)}|${t.round}|${this.id(t.globalWeights)}|${this.id(t.table.x)}|${w.timeoutMs ?? 0}`;
      groups.set(key, [...(groups.get(key) ?? []), w]);
    }
    for (const group of groups.values()) {
      for (const members of balancedGroups(group, this.workers, (w) => trainingWork(w.task))) {
        if (members.length === 1) this.alone(members[0]);
        else void this.cohort(members);
      }
    }
  }

  private alone(w: Waiting): void {
    this.run.alone(w.task, w.signal, w.timeoutMs).then(w.resolve, w.reject);
  }

  private async cohort(waiting: Waiting[]): Promise<void> {
    // A client aborted while it waited for the flush does not train.
    for (const w of waiting) if (w.signal?.aborted) w.reject(w.signal.reason);
    const members = waiting.filter((w) => !w.signal?.aborted);
    if (members.length === 0) return;
    if (members.length === 1) return this.alone(members[0]);
    const first = members[0].task;
    const live = new Set(members);
    const controller = new AbortController();
    const cleanups: (() => void)[] = [];
    for (const w of members) {
      if (!w.signal) continue;
      const onAbort = () => {
        // An aborted client leaves the cohort's results now; the others train on.
        live.delete(w);
        w.reject(w.signal!.reason);
        if (live.size === 0) controller.abort(w.signal!.reason);
      };
      w.signal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => w.signal!.removeEventListener('abort', onAbort));
    }
    const task: TrainCohortTask = {
      type: 'train-cohort',
      version: COHORT_TASK_VERSION,
      backend: first.backend,
      model: first.model,
      table: first.table,
      globalWeights: first.globalWeights,
      round: first.round,
      members: members.map(({ task: t }) => ({
        clientId: t.clientId,
        rows: t.rows,
        client: t.client,
        seed: t.seed,
        ...(t.correction ? { correction: t.correction } : {}),
      })),
    };
    this.cohortTasks++;
    const limit = members[0].timeoutMs ? members[0].timeoutMs * members.length : undefined;
    let results: TrainResult[] | undefined;
    try {
      results = (await this.run.cohort(task, controller.signal, limit)).results;
    } catch {
      // Retried below, client by client.
    } finally {
      for (const c of cleanups) c();
    }
    members.forEach((w, i) => {
      if (!live.has(w)) return;
      if (results) w.resolve(results[i]);
      else this.alone(w);
    });
  }
}

/**
 * Starting and controlling a run: the coordinator plans the run, starts the worker pool, then drives
 * round after round of every federation, emitting events. It can be paused, stepped one round at a
 * time, resumed and cancelled.
 */
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { PipelineDocument } from '../format/pipeline.js';
import { PipelineError } from '../format/problems.js';
import { BackendError, type ConcreteBackend } from '../train/backend.js';
import { trafficTotals } from '../export/traffic.js';
import type { FederationInfo, RunEvent, RunSummary } from './events.js';
import type { FaultInjector } from './poolClientProxy.js';
import { deviceProfile } from '../sim/deviceProfile.js';
import { Federation, FederationStopped, type ProxyFactory } from './federation.js';
import { datasetWarnings } from './datasetNotes.js';
import { planRun, type PlanOptions, type RunPlan } from './plan.js';
import { partitionInfo } from './partitionInfo.js';
import { WorkerPool } from './pool.js';
import type { TaskExecutor } from './taskExecutor.js';
import { QueueExecutor, type QueueSettings } from '../queue/queueExecutor.js';
import { saveResults } from './saveResults.js';
import { RunRecorder, type RunRecordInfo } from '../records/runRecorder.js';

export interface RunOptions extends PlanOptions {
  /** Start paused, for stepping one round at a time. */
  startPaused?: boolean;
  /**
   * The run's folder: its manifest and event log are written there as it goes (engine/runs/), its models
   * and metrics when it finishes.
   */
  outDir?: string;
  /** The run's id (default: a random UUID); the CLI and sweeps pass the run folder's name. */
  runId?: string;
  /** What the run's record says beyond what the run knows: its file, its place in a sweep. */
  record?: RunRecordInfo;
  /**
   * @internal Test-only injection point of the executor: faults that clients commit (throw, exit their
   * thread, hang), so tests prove a round survives real faults. No document field or CLI flag reaches it.
   */
  faults?: FaultInjector;
  /**
   * Train the clients on `fedflow worker` processes through Redis instead of this process's threads
   * (engine/queue/); the coordinator, its evaluation and its results stay here.
   */
  queue?: QueueSettings;
  /** `fedflow serve`: the clients of `remote` splits, over the network; planning then accepts such splits. */
  remote?: RemoteClients;
}

/** The remote clients of a served federation: once the run is planned, wait for them to join and give their proxies. */
export interface RemoteClients {
  /** Resolves when enough clients joined (their data checked against the plan's schema); rejects when too few came in time. */
  connect(plan: RunPlan, signal: AbortSignal): Promise<ProxyFactory>;
}

/** Raised by `Run.done` when the run was cancelled. */
export class RunCancelled extends Error {
  constructor() {
    super('The run was cancelled.');
    this.name = 'RunCancelled';
  }
}

type Listener = (event: RunEvent) => void;

/** A run in progress. */
export class Run {
  readonly id: string;
  /** Resolves with the summary when every round is done; rejects with PipelineError, BackendError or RunCancelled. */
  readonly done: Promise<RunSummary>;
  /** The final global weights of each federation, by aggregator id (set when the run finishes). */
  readonly finalWeights = new Map<string, Float32Array>();
  private readonly listeners = new Set<Listener>();
  private readonly abort = new AbortController();
  private paused: boolean;
  private stepsAllowed = 0;
  private wake: (() => void) | null = null;
  private round = 0;
  private recorder: RunRecorder | undefined;

  constructor(
    private readonly doc: PipelineDocument,
    private readonly options: RunOptions,
  ) {
    this.id = options.runId ?? randomUUID();
    this.paused = options.startPaused ?? false;
    // piscina adds one abort listener per queued client task; a round may queue hundreds.
    setMaxListeners(0, this.abort.signal);
    // Let the caller subscribe before the first event.
    this.done = Promise.resolve().then(() => this.execute());
    this.done.catch(() => undefined);
  }

  /** Subscribes to events; returns the unsubscribe function. */
  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Pauses before the next round. */
  pause(): void {
    if (!this.paused) {
      this.paused = true;
      this.emit({ type: 'paused', round: this.round });
    }
  }

  /** Resumes a paused run. */
  resume(): void {
    if (this.paused) {
      this.paused = false;
      this.emit({ type: 'resumed', round: this.round });
      this.wakeUp();
    }
  }

  /** Runs one more round (of every federation), then pauses again. */
  step(): void {
    this.paused = true;
    this.stepsAllowed++;
    this.wakeUp();
  }

  /** Stops the run: queued client tasks are dropped and `done` rejects with RunCancelled. */
  cancel(): void {
    this.abort.abort();
    this.wakeUp();
  }

  get cancelled(): boolean {
    return this.abort.signal.aborted;
  }

  private wakeUp(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private emit(event: RunEvent): void {
    // Recorded before any listener sees it: what the CLI has printed is already in events.jsonl.
    this.recorder?.record(event);
    for (const l of this.listeners) l(event);
  }

  private async gate(): Promise<void> {
    while (this.paused && this.stepsAllowed === 0 && !this.cancelled) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    if (this.cancelled) throw new RunCancelled();
    if (this.paused) this.stepsAllowed--;
  }

  private async execute(): Promise<RunSummary> {
    const started = performance.now();
    let pool: TaskExecutor | undefined;
    try {
      if (this.options.outDir) this.recorder = await RunRecorder.open(recorderOptions(this.doc, this.options, this.options.outDir));
      // The plan resolves the backend and caps the workers at what the machine holds, before any allocation.
      const plan = await planRun(this.doc, { ...this.options, ...(this.options.remote ? { remoteClients: true } : {}) });
      const { backend, workers } = plan;
      const local = new WorkerPool(workers, { cohort: plan.cohort });
      pool = local;
      const { adapter } = await startPoolBackend(pool, backend, this.abort.signal);
      if (this.options.queue) {
        // Once open, the queue executor owns the local pool (and closes it).
        pool = await QueueExecutor.open(local, this.id, backend, this.options.queue, this.abort.signal);
      }
      const proxyFor = await this.options.remote?.connect(plan, this.abort.signal);
      const federations = plan.federations.map(
        (f) =>
          new Federation(f, {
            pool: pool!,
            backend,
            seed: plan.seed,
            dataset: plan.datasets.get(f.datasetId)!,
            partitions: plan.partitions,
            emit: (e) => this.emit(e),
            signal: this.abort.signal,
            ...(this.options.faults ? { faults: this.options.faults } : {}),
            ...(proxyFor ? { proxyFor } : {}),
          }),
      );
      const warnings = [...plan.warnings, ...datasetWarnings(plan)];
      this.emit({
        type: 'run-started',
        runId: this.id,
        pipeline: this.doc.name,
        seed: plan.seed,
        backend,
        ...(adapter ? { adapter } : {}),
        workers,
        federations: federationInfo(plan, federations),
        partitions: partitionInfo(plan),
        ...(warnings.length > 0 ? { warnings } : {}),
      });
      // A loop, not Math.max(...): spreading a hundred thousand federations overflows the call stack.
      const maxRounds = plan.federations.reduce((m, f) => Math.max(m, f.params.rounds), 0);
      for (let round = 1; round <= maxRounds; round++) {
        await this.gate();
        this.round = round;
        for (const fed of federations) {
          if (round <= fed.plan.params.rounds && fed.divergedAt === undefined && fed.budgetStoppedAt === undefined && fed.withinBudget(round)) {
            await fed.runRound(round);
          }
          if (this.cancelled) throw new RunCancelled();
        }
      }
      for (const fed of federations) this.finalWeights.set(fed.id, fed.global);
      const summary: RunSummary = {
        runId: this.id,
        pipeline: this.doc.name,
        seed: plan.seed,
        backend,
        workers,
        wallMs: performance.now() - started,
        federations: federations.map((f) => {
          const last = f.history.at(-1);
          const lastTest = [...f.history].reverse().find((r) => r.test)?.test;
          return {
            aggregatorId: f.id,
            label: f.plan.label,
            strategy: f.plan.params.strategy,
            rounds: f.plan.params.rounds,
            history: f.history,
            ...(f.divergedAt !== undefined ? { divergedAt: f.divergedAt } : {}),
            ...(f.budgetStoppedAt !== undefined ? { budgetStoppedAt: f.budgetStoppedAt } : {}),
            final: { accuracy: lastTest?.accuracy ?? null, loss: lastTest?.loss ?? null, trainLoss: last?.trainLoss ?? null },
            traffic: trafficTotals(f.history),
            ...(f.leakage ? { leakage: f.leakage } : {}),
          };
        }),
      };
      if (this.options.outDir) await saveResults(this.options.outDir, summary, federations, pool, backend);
      this.emit({ type: 'finished', summary });
      return summary;
    } catch (e) {
      const error = this.cancelled ? new RunCancelled() : e;
      if (error instanceof RunCancelled) {
        this.emit({ type: 'cancelled', round: this.round });
      } else if (error instanceof PipelineError) {
        const p = error.problems[0];
        this.emit({
          type: 'failed',
          message: error.message,
          ...(p?.nodeId ? { nodeId: p.nodeId } : {}),
          ...(p?.field ? { field: p.field } : {}),
          problems: error.problems,
        });
      } else if (error instanceof FederationStopped) {
        const problem = { severity: 'error' as const, nodeId: error.aggregatorId, field: error.field, message: error.message };
        this.emit({ type: 'failed', message: error.message, nodeId: error.aggregatorId, field: error.field, problems: [problem] });
      } else {
        this.emit({ type: 'failed', message: (error as Error).message ?? String(error) });
      }
      throw error;
    } finally {
      await this.recorder?.close();
      await pool?.close();
    }
  }
}

function recorderOptions(doc: PipelineDocument, options: RunOptions, dir: string): Parameters<typeof RunRecorder.open>[0] {
  const { rounds, seed, workers, backend, cohort } = options;
  return {
    dir,
    doc,
    baseDir: options.baseDir,
    overrides: {
      ...(rounds !== undefined ? { rounds } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(workers !== undefined ? { workers } : {}),
      ...(backend !== undefined ? { backend } : {}),
      ...(cohort !== undefined ? { cohort } : {}),
    },
    ...options.record,
  };
}

/**
 * Starts the backend in a worker before the first event, so a backend that cannot start stops the run at
 * once, and learns the GPU adapter. A BackendError thrown in a worker arrives as a plain Error whose stack
 * starts with the class name; it is raised here as a BackendError again.
 */
async function startPoolBackend(pool: TaskExecutor, backend: ConcreteBackend, signal: AbortSignal): Promise<{ adapter?: string }> {
  try {
    return await pool.probe({ type: 'probe', backend }, signal);
  } catch (e) {
    if (!signal.aborted && /^BackendError\b/.test(String((e as Error).stack))) throw new BackendError((e as Error).message);
    throw e;
  }
}

function federationInfo(plan: RunPlan, federations: Federation[]): FederationInfo[] {
  return plan.federations.map((f, i) => ({
    aggregatorId: f.aggregatorId,
    label: f.label,
    strategy: f.params.strategy,
    rounds: f.params.rounds,
    clients: f.clients,
    groups: f.groups.map((g) => {
      const speeds = g.splitClients.map((c) => deviceProfile(g.params, plan.seed, g.splitId, c)?.stepsPerSecond);
      return {
        clientNodeId: g.clientNodeId,
        splitId: g.splitId,
        clients: g.splitClients.length,
        behaviour: g.params.behaviour,
        ...(g.params.devices !== 'none' ? { speeds: speeds as number[] } : {}),
      };
    }),
    weights: federations[i].global.length,
    ...(f.params.privacy !== 'none' ? { privacy: f.params.privacy } : {}),
  }));
}

/** Starts a run of a pipeline document; subscribe with `run.on(...)` and await `run.done`. */
export function startRun(doc: PipelineDocument, options: RunOptions): Run {
  return new Run(doc, options);
}

/** Runs a pipeline to the end and returns its summary. */
export function runPipeline(doc: PipelineDocument, options: RunOptions, onEvent?: Listener): Promise<RunSummary> {
  const run = startRun(doc, options);
  if (onEvent) run.on(onEvent);
  return run.done;
}

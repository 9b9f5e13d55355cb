/**
 * A pretend run for the fake host: the events a real run of a document would send (run-started with
 * partitions, rounds of client updates, evaluations), with made-up but plausible numbers, on timers.
 * It pauses, steps and stops like the engine's run, so the workbench can be tried and tested with no engine.
 */
import { sourceOf, sourcesOf } from '../../../engine/format/graph.js';
import type { PipelineDocument, PipelineNode } from '../../../engine/format/pipeline.js';
import type { RunAction } from '../../../engine/host/hostApi.js';
import type { FederationInfo, PartitionInfo, RoundRecord, RunEvent } from '../../../engine/run/events.js';
import type { StrategyName } from '../../../engine/format/params.js';

export interface FakeRunOptions {
  /** Milliseconds per round. */
  roundMs?: number;
  startPaused?: boolean;
  rounds?: number;
}

interface Federation {
  info: FederationInfo;
  clientIds: { id: number; nodeId: string; examples: number; fraction: number }[];
  accuracy: number;
}

/** A deterministic pseudo-random generator, so fake runs repeat. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export class FakeRun {
  private paused: boolean;
  private stepsAllowed = 0;
  private cancelled = false;
  private wake: (() => void) | null = null;
  private round = 0;
  private readonly random: () => number;

  constructor(
    readonly runId: string,
    private readonly doc: PipelineDocument,
    private readonly emit: (event: RunEvent) => void,
    private readonly options: FakeRunOptions = {},
  ) {
    this.paused = options.startPaused ?? false;
    this.random = rng(doc.seed + 1);
    void Promise.resolve().then(() => this.execute());
  }

  control(action: RunAction): void {
    switch (action) {
      case 'pause':
        if (!this.paused) {
          this.paused = true;
          this.emit({ type: 'paused', round: this.round });
        }
        break;
      case 'resume':
        if (this.paused) {
          this.paused = false;
          this.emit({ type: 'resumed', round: this.round });
          this.wakeUp();
        }
        break;
      case 'step':
        this.paused = true;
        this.stepsAllowed++;
        this.wakeUp();
        break;
      case 'stop':
        this.cancelled = true;
        this.wakeUp();
        break;
    }
  }

  private wakeUp(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private async gate(): Promise<void> {
    while (this.paused && !this.cancelled) {
      if (this.stepsAllowed > 0) {
        this.stepsAllowed--;
        return;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  private async execute(): Promise<void> {
    const started = performance.now();
    const partitions = this.partitions();
    const federations = this.federations(partitions);
    if (federations.length === 0) {
      this.emit({ type: 'failed', message: 'Nothing to run: add an aggregator fed by at least one client node.' });
      return;
    }
    await this.sleep(150);
    this.emit({
      type: 'run-started',
      runId: this.runId,
      pipeline: this.doc.name,
      seed: this.doc.seed,
      backend: 'fake',
      workers: 2,
      federations: federations.map((f) => f.info),
      partitions: [...partitions.values()],
    });
    const roundMs = this.options.roundMs ?? 500;
    const maxRounds = Math.max(...federations.map((f) => f.info.rounds));
    for (let round = 1; round <= maxRounds; round++) {
      await this.gate();
      if (this.cancelled) return this.emit({ type: 'cancelled', round: this.round });
      this.round = round;
      for (const fed of federations) {
        if (round > fed.info.rounds) continue;
        await this.runRound(fed, round, roundMs / federations.length);
        if (this.cancelled) return this.emit({ type: 'cancelled', round });
      }
    }
    this.emit({
      type: 'finished',
      summary: {
        runId: this.runId,
        pipeline: this.doc.name,
        seed: this.doc.seed,
        backend: 'fake',
        workers: 2,
        wallMs: performance.now() - started,
        federations: federations.map((f) => ({
          aggregatorId: f.info.aggregatorId,
          label: f.info.label,
          strategy: f.info.strategy,
          rounds: f.info.rounds,
          history: [],
          final: { accuracy: f.accuracy, loss: null, trainLoss: null },
        })),
      },
    });
  }

  private async runRound(fed: Federation, round: number, ms: number): Promise<void> {
    const aggregatorId = fed.info.aggregatorId;
    const sampled = fed.clientIds.filter((c) => this.random() < c.fraction || c.fraction >= 1);
    this.emit({ type: 'round-started', aggregatorId, round, sampled: sampled.map((c) => c.id) });
    const bytes = fed.info.weights * 4;
    let lossSum = 0;
    let examples = 0;
    for (const c of sampled) {
      if (this.cancelled) return;
      await this.sleep(ms / Math.max(1, sampled.length));
      const loss = 2.3 * Math.exp(-0.35 * round) * (0.7 + 0.6 * this.random()) + 0.05;
      lossSum += loss * c.examples;
      examples += c.examples;
      this.emit({
        type: 'client-finished',
        aggregatorId,
        round,
        clientId: c.id,
        clientNodeId: c.nodeId,
        examples: c.examples,
        loss,
        updateNorm: 1 / round,
        bytesUp: bytes,
        bytesDown: bytes,
        ms: ms / Math.max(1, sampled.length),
      });
    }
    const trainLoss = examples > 0 ? lossSum / examples : null;
    this.emit({ type: 'aggregated', aggregatorId, round, participants: sampled.length, trainLoss, ms: 1 });
    fed.accuracy = Math.min(0.985, fed.accuracy + (0.97 - fed.accuracy) * (0.3 + 0.1 * this.random()));
    const record: RoundRecord = {
      aggregatorId,
      round,
      participants: sampled.length,
      dropped: 0,
      trainLoss,
      bytesUp: bytes * sampled.length,
      bytesDown: bytes * sampled.length,
      ms,
      test: {
        examples: 2000,
        loss: (trainLoss ?? 1) * 1.1,
        accuracy: fed.accuracy,
        perClassAccuracy: [],
        confusion: [],
      },
    };
    this.emit({ type: 'evaluated', aggregatorId, round, record });
  }

  private partitions(): Map<string, PartitionInfo> {
    const result = new Map<string, PartitionInfo>();
    for (const split of this.doc.nodes.filter((n) => n.kind === 'split')) {
      const params = split.params as { method?: string; numClients?: number; alpha?: number; classesPerClient?: number };
      const numClients = Math.max(1, Math.min(200, Number(params.numClients ?? 10) || 10));
      const classes = 10;
      const perClient = Math.floor(8000 / numClients);
      const labelCounts = Array.from({ length: numClients }, (_, c) => {
        const weights = Array.from({ length: classes }, (_, k) => {
          switch (params.method) {
            case 'dirichlet':
              return Math.pow(this.random(), 1 / Math.max(0.05, Number(params.alpha ?? 0.5)));
            case 'pathological': {
              const per = Number(params.classesPerClient ?? 2);
              return (k - c * per + classes * 100) % classes < per ? 1 : 0;
            }
            default:
              return 0.9 + 0.2 * this.random();
          }
        });
        const total = weights.reduce((a, b) => a + b, 0) || 1;
        return weights.map((w) => Math.round((w / total) * perClient));
      });
      result.set(split.id, {
        splitId: split.id,
        numClients,
        labelCounts,
        holdoutSizes: labelCounts.map(() => 0),
        classNames: Array.from({ length: classes }, (_, k) => String(k)),
      });
    }
    return result;
  }

  private federations(partitions: Map<string, PartitionInfo>): Federation[] {
    const doc = this.doc;
    return doc.nodes
      .filter((n) => n.kind === 'aggregator')
      .map((agg) => {
        const params = agg.params as { strategy?: StrategyName; rounds?: number };
        const rounds = this.options.rounds ?? Math.max(1, Math.min(1000, Number(params.rounds ?? 10) || 10));
        const groups: FederationInfo['groups'] = [];
        const clientIds: Federation['clientIds'] = [];
        let next = 0;
        for (const client of sourcesOf(doc, agg.id, 'updates')) {
          const split = sourceOf(doc, client.id, 'clients', 'split');
          const partition = split ? partitions.get(split.id) : undefined;
          const count = partition?.numClients ?? 10;
          const fraction = Number((client.params as { fraction?: number }).fraction ?? 1);
          groups.push({ clientNodeId: client.id, splitId: split?.id ?? '', clients: count, behaviour: behaviourOf(client) });
          for (let i = 0; i < count; i++) {
            const examples = partition ? partition.labelCounts[i].reduce((a, b) => a + b, 0) : 800;
            clientIds.push({ id: next++, nodeId: client.id, examples, fraction });
          }
        }
        return {
          info: {
            aggregatorId: agg.id,
            label: agg.label ?? agg.id,
            strategy: params.strategy ?? 'FedAvg',
            rounds,
            clients: clientIds.length,
            groups,
            weights: 109386,
          },
          clientIds,
          accuracy: 0.1,
        };
      })
      .filter((f) => f.clientIds.length > 0);
  }
}

function behaviourOf(node: PipelineNode): string {
  return String((node.params as { behaviour?: string }).behaviour ?? 'honest');
}

/**
 * One federation (one aggregator node): the server's state and one round of the FL loop — sample
 * clients, send the global model, let workers train, merge the updates in client-id order, evaluate.
 */
import type { Dataset } from '../data/dataset.js';
import { initialWeights } from '../model/initialWeights.js';
import { deriveSeed } from '../random/rng.js';
import type { Partition } from '../split/partition.js';
import { createStrategy } from '../strategy/createStrategy.js';
import type { ClientUpdate, Strategy } from '../strategy/types.js';
import type { ConcreteBackend } from '../train/backend.js';
import type { CentralScores, FederatedScores, RoundRecord, RunEvent } from './events.js';
import type { RowsRef, TableRef } from './messages.js';
import type { FederationPlan } from './plan.js';
import type { WorkerPool } from './pool.js';
import { sampleRound } from './sampling.js';

export interface FederationContext {
  pool: WorkerPool;
  backend: ConcreteBackend;
  seed: number;
  dataset: Dataset;
  partitions: Map<string, Partition>;
  emit: (event: RunEvent) => void;
  signal: AbortSignal;
}

function tableRef(dataset: Dataset, which: 'train' | 'test'): TableRef {
  const t = dataset[which];
  return { x: t.x, y: t.y, featureShape: dataset.featureShape, numClasses: dataset.numClasses };
}

function shared(weights: Float32Array): Float32Array {
  const out = new Float32Array(new SharedArrayBuffer(weights.byteLength));
  out.set(weights);
  return out;
}

function distance(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    s += d * d;
  }
  return Math.sqrt(s);
}

function allFinite(weights: Float32Array): boolean {
  for (let i = 0; i < weights.length; i++) if (!Number.isFinite(weights[i])) return false;
  return true;
}

export class Federation {
  global: Float32Array;
  /** The round in which the global model stopped being finite; no further rounds run. */
  divergedAt: number | undefined;
  readonly history: RoundRecord[] = [];
  private readonly strategy: Strategy;
  private readonly train: TableRef;
  private readonly test: TableRef;

  constructor(
    readonly plan: FederationPlan,
    private readonly ctx: FederationContext,
  ) {
    // Seeded by the model node, so variants that share a model start from the same weights.
    this.global = initialWeights(plan.model, deriveSeed(ctx.seed, 'init', plan.modelNodeId));
    this.strategy = createStrategy(plan.params);
    this.train = tableRef(ctx.dataset, 'train');
    this.test = tableRef(ctx.dataset, 'test');
  }

  get id(): string {
    return this.plan.aggregatorId;
  }

  /** Runs round `round` (1-based) and returns its record. */
  async runRound(round: number): Promise<RoundRecord> {
    const { ctx, plan } = this;
    const start = performance.now();
    const globalShared = shared(this.global);
    const bytes = this.global.byteLength;
    type Job = { clientId: number; clientNodeId: string; rows: RowsRef; holdout: RowsRef; seed: number; groupIndex: number };
    const jobs: Job[] = [];
    const sampledIds: number[] = [];
    let dropped = 0;
    for (const [gi, group] of plan.groups.entries()) {
      const partition = ctx.partitions.get(group.splitId)!;
      const sample = sampleRound(group.params, group.splitClients, ctx.seed, group.splitId, round);
      for (const pos of sample.dropped) {
        dropped++;
        sampledIds.push(group.firstId + pos);
        ctx.emit({ type: 'client-dropped', aggregatorId: this.id, round, clientId: group.firstId + pos, clientNodeId: group.clientNodeId });
      }
      for (const pos of sample.training) {
        const local = group.splitClients[pos];
        const t = partition.trainOffsets;
        const h = partition.holdoutOffsets;
        sampledIds.push(group.firstId + pos);
        // A client with no training rows (possible in natural and some Dirichlet splits) has nothing to send.
        if (t[local + 1] === t[local]) continue;
        jobs.push({
          clientId: group.firstId + pos,
          clientNodeId: group.clientNodeId,
          rows: { indices: partition.trainIndices, offset: t[local], length: t[local + 1] - t[local] },
          holdout: { indices: partition.holdoutIndices, offset: h[local], length: h[local + 1] - h[local] },
          // Seeded by split and client, not aggregator, so compared variants shuffle their clients alike.
          seed: deriveSeed(ctx.seed, 'client', group.splitId, local, round),
          groupIndex: gi,
        });
      }
    }
    sampledIds.sort((a, b) => a - b);
    ctx.emit({ type: 'round-started', aggregatorId: this.id, round, sampled: sampledIds });

    const results = await Promise.all(
      jobs.map(async (job) => {
        ctx.emit({ type: 'client-started', aggregatorId: this.id, round, clientId: job.clientId, clientNodeId: job.clientNodeId });
        const r = await ctx.pool.train(
          {
            type: 'train',
            backend: ctx.backend,
            model: plan.model,
            table: this.train,
            rows: job.rows,
            globalWeights: globalShared,
            client: plan.groups[job.groupIndex].params,
            clientId: job.clientId,
            round,
            seed: job.seed,
          },
          ctx.signal,
        );
        ctx.emit({
          type: 'client-finished',
          aggregatorId: this.id,
          round,
          clientId: job.clientId,
          clientNodeId: job.clientNodeId,
          examples: r.numExamples,
          loss: r.loss,
          updateNorm: distance(r.weights, this.global),
          bytesUp: bytes,
          bytesDown: bytes,
          ms: r.ms,
        });
        return { job, result: r };
      }),
    );
    results.sort((a, b) => a.job.clientId - b.job.clientId);

    const aggStart = performance.now();
    const updates: ClientUpdate[] = results.map(({ job, result }) => ({
      clientId: job.clientId,
      weights: result.weights,
      numExamples: result.numExamples,
    }));
    const examples = updates.reduce((s, u) => s + u.numExamples, 0);
    // Σ (n_i/n)·L_i over this round's participants, summed in client-id order.
    const trainLoss = examples > 0 ? results.reduce((s, { result }) => s + (result.numExamples / examples) * result.loss, 0) : null;
    if (updates.length > 0) this.global = this.strategy.aggregate(this.global, updates);
    const diverged = !allFinite(this.global) || results.some(({ result }) => !Number.isFinite(result.loss));
    ctx.emit({
      type: 'aggregated',
      aggregatorId: this.id,
      round,
      participants: updates.length,
      trainLoss,
      ...(this.strategy.lastSelection ? { selected: [...this.strategy.lastSelection] } : {}),
      ms: performance.now() - aggStart,
    });

    const record: RoundRecord = {
      aggregatorId: this.id,
      round,
      participants: updates.length,
      dropped,
      trainLoss,
      bytesUp: bytes * updates.length,
      bytesDown: bytes * (updates.length + dropped),
      ms: 0,
    };
    if (diverged) {
      this.divergedAt = round;
      record.diverged = true;
      record.ms = performance.now() - start;
      this.history.push(record);
      ctx.emit({
        type: 'diverged',
        aggregatorId: this.id,
        round,
        message: `${plan.label} diverged in round ${round}: the global model's weights are no longer finite numbers. A learning rate that is too high, or attackers blowing up the average, do this; try a lower learning rate or a robust strategy (FedMedian, Krum). The other federations go on.`,
      });
      ctx.emit({ type: 'evaluated', aggregatorId: this.id, round, record });
      return record;
    }
    const ev = plan.evaluate;
    if (ev && (round % ev.params.every === 0 || round === plan.params.rounds)) {
      const holdouts = jobs.map((j) => j.holdout).filter((h) => h.length > 0);
      await this.evaluate(record, ev.params.centralized, ev.params.federated ? holdouts : []);
    }
    record.ms = performance.now() - start;
    this.history.push(record);
    ctx.emit({ type: 'evaluated', aggregatorId: this.id, round, record });
    return record;
  }

  private async evaluate(record: RoundRecord, centralized: boolean, holdouts: RowsRef[]): Promise<void> {
    const { ctx, plan } = this;
    const weights = shared(this.global);
    const [central, federated] = await Promise.all([
      centralized
        ? ctx.pool.evaluate({ type: 'evaluate', backend: ctx.backend, model: plan.model, weights, table: this.test }, ctx.signal)
        : undefined,
      holdouts.length > 0
        ? ctx.pool.evaluate(
            { type: 'evaluate', backend: ctx.backend, model: plan.model, weights, table: this.train, groups: holdouts },
            ctx.signal,
          )
        : undefined,
    ]);
    if (central?.overall) {
      const o = central.overall;
      const confusion = o.confusion ?? [];
      const test: CentralScores = {
        examples: o.examples,
        loss: o.loss,
        accuracy: o.accuracy,
        confusion,
        perClassAccuracy: confusion.map((row, k) => {
          const total = row.reduce((a, b) => a + b, 0);
          return total > 0 ? row[k] / total : 0;
        }),
      };
      record.test = test;
    }
    if (federated?.groups && federated.groups.length > 0) {
      const g = federated.groups;
      const n = g.reduce((s, x) => s + x.examples, 0);
      const mean = g.reduce((s, x) => s + x.accuracy * x.examples, 0) / n;
      const variance = g.reduce((s, x) => s + (x.examples / n) * (x.accuracy - mean) ** 2, 0);
      const scores: FederatedScores = {
        clients: g.length,
        examples: n,
        loss: g.reduce((s, x) => s + x.loss * x.examples, 0) / n,
        accuracy: mean,
        accuracyStd: Math.sqrt(variance),
      };
      record.federated = scores;
    }
  }
}

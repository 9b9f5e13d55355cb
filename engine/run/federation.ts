/**
 * One federation (one aggregator node): the server's state and one round of the FL loop, driven through
 * the federation protocol — the strategy configures the round, client proxies fit and answer with
 * updates or failure values, the strategy aggregates (seeing both), then evaluates. Failures cost the
 * failing client's update only, unless the strategy's failure policy stops the run.
 */
import { toShared, type Dataset } from '../data/dataset.js';
import { initialWeights } from '../model/initialWeights.js';
import { deriveSeed } from '../random/rng.js';
import { createCompressor, decodeVector } from '../compress/createCompressor.js';
import { signsOf } from '../compress/sign.js';
import type { Compressor } from '../compress/compressor.js';
import type { ClientFailure, EncodedVector, EvaluateRes, FitIns, FullFitIns, FullFitOutcome, FullFitRes } from '../protocol/messages.js';
import type { ClientGroup, ClientManager, ClientProxy } from '../server/clientProxy.js';
import { createServerStrategy } from '../server/createServerStrategy.js';
import { secureAggregationFor } from '../server/secureAggregationSetup.js';
import type { AsyncFitStrategy } from '../server/secureAggregationStrategy.js';
import { decodeFitRes, type DecodedFit } from '../server/decodeFitRes.js';
import { encodeBroadcast } from '../server/encodeBroadcast.js';
import { fitInsBytes, fitResBytes } from '../server/messageBytes.js';
import { signMajorityVote, votedWeights } from '../server/signVote.js';
import { PoolClientProxy, type FaultInjector } from './poolClientProxy.js';
import { probeLeakage } from './leakageProbe.js';
import type { GradientLeakage } from '../attack/gradientLeakage.js';
import { isRoundStop, type FailedReply, type Instruction, type Reply } from '../server/strategy.js';
import { deviceProfile } from '../sim/deviceProfile.js';
import { firstToFinish } from '../sim/overSelection.js';
import type { Partition } from '../split/partition.js';
import type { ConcreteBackend } from '../train/backend.js';
import type { CentralScores, ClientFailureRecord, RoundRecord, RunEvent } from './events.js';
import type { TableRef } from './messages.js';
import type { ClientGroupPlan, FederationPlan } from './plan.js';
import type { TaskExecutor } from './taskExecutor.js';

export interface FederationContext {
  pool: TaskExecutor;
  backend: ConcreteBackend;
  seed: number;
  dataset: Dataset;
  partitions: Map<string, Partition>;
  emit: (event: RunEvent) => void;
  signal: AbortSignal;
  /** Test-only: faults clients commit, to prove the round survives them. */
  faults?: FaultInjector;
  /** Where some clients do not run in the pool (remote clients of `fedflow serve`), their proxies. */
  proxyFor?: ProxyFactory;
}

/** The proxy of a client that does not run in the pool (a remote client), or undefined to keep the pool proxy. */
export type ProxyFactory = (aggregatorId: string, group: ClientGroupPlan, cid: number, splitClient: number) => ClientProxy | undefined;

/** Raised when a strategy stops the run (a failure policy that does not accept failures). */
export class FederationStopped extends Error {
  constructor(
    message: string,
    readonly aggregatorId: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'FederationStopped';
  }
}

function tableRef(dataset: Dataset, which: 'train' | 'test'): TableRef {
  const t = dataset[which];
  return { x: t.x, y: t.y, featureShape: dataset.featureShape, numClasses: dataset.numClasses };
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

/** A client's answer as the server read it, and the bytes it uploaded. */
interface Received extends DecodedFit {
  readonly bytesUp: number;
}

export class Federation {
  global: Float32Array;
  /** The round in which the global model stopped being finite; no further rounds run. */
  divergedAt: number | undefined;
  /** The round that would have taken ε past the aggregator's epsilonBudget; it and later rounds do not run. */
  budgetStoppedAt: number | undefined;
  /** The next round's configured clients, when the budget check already asked the strategy for them. */
  private pending: { round: number; planned: Instruction<FullFitIns>[] } | undefined;
  readonly history: RoundRecord[] = [];
  private readonly strategy: AsyncFitStrategy;
  private readonly groups: ClientGroup[];
  /** The simulated clock: simulated seconds since the first round started (0 while no device is simulated). */
  clock = 0;
  private readonly test: TableRef;
  /** What the server's gradient-inversion attack recovered (inversionAttack), once it ran. */
  leakage: GradientLeakage | undefined;
  /** The aggregator's downlink compressor; null sends the model at full precision. */
  private readonly downlink: Compressor | null;

  constructor(
    readonly plan: FederationPlan,
    private readonly ctx: FederationContext,
  ) {
    // Seeded by the model node, so variants that share a model start from the same weights.
    this.global = initialWeights(plan.model, deriveSeed(ctx.seed, 'init', plan.modelNodeId));
    this.strategy = secureAggregationFor(createServerStrategy(plan.params, ctx.seed, plan.aggregatorId), plan.params, plan.groups, ctx.partitions, deriveSeed(ctx.seed, 'secagg', plan.aggregatorId), plan.model);
    this.test = tableRef(ctx.dataset, 'test');
    this.groups = this.clientGroups();
    const p = plan.params;
    this.downlink = p.downlinkCompression === 'quantize' ? createCompressor({ name: 'quantize', bits: p.downlinkBits }) : null;
  }

  get id(): string {
    return this.plan.aggregatorId;
  }

  /** One pool proxy per client of every client group, each over its own rows of the shared data. */
  private clientGroups(): ClientGroup[] {
    const { ctx, plan } = this;
    const context = {
      pool: ctx.pool,
      backend: ctx.backend,
      model: plan.model,
      train: tableRef(ctx.dataset, 'train'),
      seed: ctx.seed,
      aggregatorId: plan.aggregatorId,
      timeoutMs: plan.params.clientTimeout * 1000,
      broadcasts: new WeakMap<EncodedVector, Float32Array>(),
      ...(ctx.faults ? { faults: ctx.faults } : {}),
    };
    return plan.groups.map((group) => {
      const partition = ctx.partitions.get(group.splitId)!;
      const t = partition.trainOffsets;
      const h = partition.holdoutOffsets;
      const proxies = group.splitClients.map(
        (local, pos) =>
          ctx.proxyFor?.(plan.aggregatorId, group, group.firstId + pos, local) ??
          new PoolClientProxy(context, {
            cid: group.firstId + pos,
            groupNodeId: group.clientNodeId,
            params: group.params,
            splitId: group.splitId,
            splitClient: local,
            rows: { indices: partition.trainIndices, offset: t[local], length: t[local + 1] - t[local] },
            holdout: { indices: partition.holdoutIndices, offset: h[local], length: h[local + 1] - h[local] },
            device: deviceProfile(group.params, ctx.seed, group.splitId, local),
          }),
      );
      return {
        nodeId: group.clientNodeId,
        params: group.params,
        splitId: group.splitId,
        splitClients: group.splitClients,
        proxies,
        ...(group.availability ? { availability: group.availability } : {}),
      };
    });
  }

  /**
   * Whether round `round` fits the aggregator's epsilonBudget: ε after it, with the clients the strategy
   * samples for it, at most the budget. Where it does not, the federation stops here and says so.
   */
  withinBudget(round: number): boolean {
    const budget = this.plan.params.epsilonBudget;
    const ledger = this.strategy.privacy;
    if (budget === undefined || !ledger) return true;
    const planned = this.configure(round);
    const total = this.groups.reduce((s, g) => s + g.proxies.length, 0);
    const next = ledger.epsilonAfter(planned.length, total);
    if (next <= budget) return true;
    this.budgetStoppedAt = round;
    this.ctx.emit({
      type: 'privacy-budget',
      aggregatorId: this.id,
      round,
      epsilon: ledger.epsilon,
      next,
      budget,
      message: `${this.plan.label} stopped before round ${round}: it would take ε from ${ledger.epsilon.toFixed(3)} to ${next.toFixed(3)} (δ = ${this.plan.params.delta}), past the epsilonBudget of ${budget}. The other federations go on.`,
    });
    return false;
  }

  /** The strategy's clients and instructions for a round, asked once even when the budget check asked first. */
  private configure(round: number): Instruction<FullFitIns>[] {
    if (this.pending?.round === round) return this.pending.planned;
    const manager: ClientManager = { seed: this.ctx.seed, time: this.clock, groups: this.groups };
    const planned = this.strategy.configureFit(round, toShared(this.global), manager);
    this.pending = { round, planned };
    return planned;
  }

  /** Runs round `round` (1-based) and returns its record. */
  async runRound(round: number): Promise<RoundRecord> {
    const { ctx, plan, strategy } = this;
    const start = performance.now();
    const planned = this.configure(round);
    this.pending = undefined;
    // Downlink compression: one encoding of the model per round, seeded by the aggregator and round.
    const downlink = this.downlink;
    const instructions: Instruction<FitIns>[] = downlink
      ? encodeBroadcast(planned, (w) => downlink.encode(w, deriveSeed(ctx.seed, 'downlink', this.id, round)))
      : planned;
    ctx.emit({ type: 'round-started', aggregatorId: this.id, round, sampled: instructions.map((i) => i.client.cid) });

    // An over-selected client's answer is reported once the server knows whether it was among the first K;
    // under secure aggregation every answer waits for the protocol, whose messages are the client's bytes.
    const secureOn = plan.params.secureAggregation;
    const answered = await Promise.all(instructions.map(({ client, ins, keep }) => this.fitOne(client, ins, round, keep !== undefined || secureOn)));
    const outcomes = keepFirstToFinish(instructions, answered.map((a) => a.outcome));
    const reportDeferred = (perClient?: ReadonlyMap<number, { readonly up: number; readonly down: number }>) =>
      instructions.forEach(({ client, ins, keep }, i) => {
        if (keep !== undefined || secureOn) this.report(client, ins, outcomes[i], round, answered[i].bytesUp, perClient?.get(client.cid));
      });
    if (!secureOn) reportDeferred();
    let results: Reply<FullFitRes>[] = [];
    const failures: FailedReply[] = [];
    let bytesUp = 0;
    let bytesDown = 0;
    for (const [i, outcome] of outcomes.entries()) {
      const { client, ins } = instructions[i];
      // A client that refused never took the model; every other one downloaded it.
      if (outcome.status === 'ok' || outcome.code !== 'refused') bytesDown += fitInsBytes(ins);
      if (outcome.status === 'ok') {
        results.push({ client, res: outcome });
        bytesUp += answered[i].bytesUp;
      } else {
        failures.push({ client, failure: outcome });
      }
    }
    // The curious server looks at what it received before any strategy or DP wrapper touches it.
    this.leakage ??= await probeLeakage(plan, ctx.dataset, ctx.partitions, toShared(this.global), results, round, (task) => ctx.pool.invert({ type: 'invert', backend: ctx.backend, ...task }, ctx.signal), deriveSeed(ctx.seed, 'inversion', this.id));
    if (this.leakage?.round === round) ctx.emit({ type: 'gradient-leakage', aggregatorId: this.id, ...this.leakage });
    if (plan.params.signVote && results.length > 0) results = this.vote(results, outcomes, answered);

    const aggStart = performance.now();
    const examples = results.reduce((s, r) => s + r.res.numExamples, 0);
    // Σ (n_i/n)·L_i over this round's participants, summed in client-id order.
    const trainLoss = examples > 0 ? results.reduce((s, { res }) => s + (res.numExamples / examples) * res.metrics.loss, 0) : null;
    const aggregate = await strategy.aggregateFit(round, this.global, results, failures);
    if (isRoundStop(aggregate)) {
      if (secureOn) reportDeferred();
      throw new FederationStopped(`${plan.label}: ${aggregate.message}`, this.id, aggregate.field);
    }
    // Under secure aggregation the clients upload masked vectors and protocol messages instead of their weights.
    const secure = strategy.lastRoundBytes?.();
    if (secure) [bytesUp, bytesDown] = [secure.up, bytesDown + secure.down];
    if (secureOn) reportDeferred(secure?.perClient);
    const dp = strategy.privacy?.last;
    // The norms the server saw: under secure aggregation it sees none (only the simulation knows them).
    const updateNorms = dp && results.length > 0 && !secureOn ? { norms: results.map(({ res }) => distance(res.weights, this.global)), clipNorm: dp.clipNorm } : undefined;
    const maskedPreview = strategy.lastRoundPreview?.();
    this.global = aggregate.weights;
    const epsilon = strategy.privacy?.epsilon;
    const diverged = !allFinite(this.global) || results.some(({ res }) => !Number.isFinite(res.metrics.loss));
    ctx.emit({
      type: 'aggregated',
      aggregatorId: this.id,
      round,
      participants: results.length,
      trainLoss,
      ...(aggregate.selected ? { selected: [...aggregate.selected] } : {}),
      ...(failures.length > 0 ? { failed: failures.length } : {}),
      ...(epsilon !== undefined ? { epsilon } : {}),
      ...(updateNorms ? { updateNorms } : {}),
      ...(maskedPreview ? { maskedPreview: { ...maskedPreview, update: [...maskedPreview.update], masked: [...maskedPreview.masked], average: [...maskedPreview.average] } } : {}),
      ms: performance.now() - aggStart,
    });

    const dropped = failures.filter((f) => f.failure.code === 'dropped').length;
    const failed = failures.filter((f) => f.failure.code !== 'dropped' && f.failure.code !== 'refused');
    const simulated = this.simulatedDuration(instructions, outcomes);
    const partial = results.filter((r) => r.res.metrics.partial !== undefined).length;
    if (simulated !== undefined) this.clock += simulated;
    const record: RoundRecord = {
      aggregatorId: this.id,
      round,
      participants: results.length,
      dropped,
      trainLoss,
      bytesUp,
      bytesDown,
      ms: 0,
      ...(failed.length > 0 ? { failures: failed.map(failureRecord) } : {}),
      ...(simulated !== undefined ? { simulatedSeconds: simulated, clock: this.clock } : {}),
      ...(partial > 0 ? { partial } : {}),
      ...(epsilon !== undefined ? { epsilon } : {}),
      ...(dp ? { samplingRate: dp.q, clipNorm: dp.clipNorm } : {}),
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
      await this.evaluate(record, round, ev.params.centralized, ev.params.federated ? results.map((r) => r.client) : []);
    }
    record.ms = performance.now() - start;
    this.history.push(record);
    ctx.emit({ type: 'evaluated', aggregatorId: this.id, round, record });
    return record;
  }

  /**
   * How long the round lasted in simulated time — until the server had what it waits for: the last answer
   * it kept, or the deadline when it had to wait that long to know a straggler would not come. Undefined
   * where no client's device is simulated.
   */
  private simulatedDuration(instructions: readonly Instruction<FitIns>[], outcomes: readonly FullFitOutcome[]): number | undefined {
    if (!this.groups.some((g) => g.params.devices !== 'none')) return undefined;
    let last = 0;
    let waitedForDeadline = false;
    outcomes.forEach((o) => {
      if (o.status === 'ok') last = Math.max(last, o.metrics.simulated?.finish ?? 0);
      else if (o.code === 'late') waitedForDeadline = true;
    });
    // With over-selection the server stops waiting once its K have answered; the late ones were not awaited.
    const overSelected = instructions.some((i) => i.keep !== undefined);
    const deadline = instructions[0]?.ins.config.deadline ?? 0;
    return waitedForDeadline && !overSelected && deadline > 0 ? Math.max(last, deadline) : last;
  }

  /**
   * signSGD with majority vote: every kept client counts as having sent the voted update Δ, so the
   * strategy moves the model by Δ (FedAvg: exactly; a server optimizer takes Δ as its pseudo-gradient).
   */
  private vote(results: readonly Reply<FullFitRes>[], outcomes: readonly FullFitOutcome[], answered: readonly Received[]): Reply<FullFitRes>[] {
    // The kept answers' signs and scales, in increasing client id (decoding already refused any other codec).
    const updates = outcomes.flatMap((o, i) => (o.status === 'ok' && answered[i].encoded ? [signsOf(answered[i].encoded)] : []));
    const weights = votedWeights(this.global, signMajorityVote(updates));
    return results.map(({ client, res }) => ({ client, res: { ...res, weights } }));
  }

  /**
   * Sends one client its FitIns, decodes what came back against the exact global model, and reports it;
   * a failure (an unreadable answer included) is a value and an event, never a rejected round.
   */
  private async fitOne(client: ClientProxy, ins: FitIns, round: number, deferReport: boolean): Promise<Received> {
    this.ctx.emit({ type: 'client-started', aggregatorId: this.id, round, clientId: client.cid, clientNodeId: client.groupNodeId });
    const answer = await client.fit(ins, this.ctx.signal);
    const bytesUp = answer.status === 'ok' ? fitResBytes(answer) : 0;
    const decoded = decodeFitRes(answer, this.global, decodeVector, this.plan.params.signVote ? 'sign' : undefined);
    if (!deferReport) this.report(client, ins, decoded.outcome, round, bytesUp);
    return { ...decoded, bytesUp };
  }

  /**
   * The event for one client's answer: finished, dropped out, or failed with its reason. `secure` is its
   * secure-aggregation traffic, which replaces its weights upload and adds to its download.
   */
  private report(client: ClientProxy, ins: FitIns, outcome: FullFitOutcome, round: number, bytesUp: number, secure?: { readonly up: number; readonly down: number }): void {
    const { ctx } = this;
    const ids = { aggregatorId: this.id, round, clientId: client.cid, clientNodeId: client.groupNodeId };
    if (outcome.status === 'ok') {
      ctx.emit({
        type: 'client-finished',
        ...ids,
        examples: outcome.numExamples,
        loss: outcome.metrics.loss,
        updateNorm: distance(outcome.weights, this.global),
        bytesUp: secure ? secure.up : bytesUp,
        bytesDown: fitInsBytes(ins) + (secure?.down ?? 0),
        ms: outcome.metrics.ms,
        ...(outcome.metrics.simulated ? { simulated: outcome.metrics.simulated } : {}),
        ...(outcome.metrics.partial ? { partial: outcome.metrics.partial } : {}),
        ...(secure ? { secAgg: { up: secure.up, down: secure.down } } : {}),
      });
    } else if (outcome.code === 'dropped') {
      ctx.emit({ type: 'client-dropped', ...ids });
    } else {
      ctx.emit({ type: 'client-failed', ...ids, code: outcome.code, message: outcome.message });
    }
  }

  private async evaluate(record: RoundRecord, round: number, centralized: boolean, trained: readonly ClientProxy[]): Promise<void> {
    const { ctx, plan, strategy } = this;
    const weights = toShared(this.global);
    const instructions = strategy.configureEvaluate(round, weights, trained);
    const [central, answers] = await Promise.all([
      centralized
        ? ctx.pool.evaluate({ type: 'evaluate', backend: ctx.backend, model: plan.model, weights, table: this.test }, ctx.signal)
        : undefined,
      Promise.all(instructions.map(({ client, ins }) => client.evaluate(ins, ctx.signal))),
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
    const results: Reply<EvaluateRes>[] = [];
    const failures: FailedReply[] = [];
    answers.forEach((answer, i) => {
      const { client } = instructions[i];
      if (answer.status === 'ok') results.push({ client, res: answer });
      else failures.push({ client, failure: answer });
    });
    const federated = strategy.aggregateEvaluate(round, results, failures);
    if (federated) record.federated = federated;
  }
}

/**
 * Over-selection: of each over-selected group, only the first `keep` answers by simulated finish time
 * count (ties to the lower client id); the later ones become `dropped` failures, as the server stops
 * waiting for them.
 */
function keepFirstToFinish(instructions: readonly Instruction<FitIns>[], outcomes: FullFitOutcome[]): FullFitOutcome[] {
  const byGroup = new Map<string, { i: number; cid: number; finish: number }[]>();
  const keepOf = new Map<string, number>();
  outcomes.forEach((o, i) => {
    const { client, keep } = instructions[i];
    if (keep === undefined || o.status !== 'ok') return;
    keepOf.set(client.groupNodeId, keep);
    const list = byGroup.get(client.groupNodeId) ?? [];
    list.push({ i, cid: client.cid, finish: o.metrics.simulated?.finish ?? 0 });
    byGroup.set(client.groupNodeId, list);
  });
  const out = [...outcomes];
  for (const [group, answers] of byGroup) {
    const keep = keepOf.get(group)!;
    for (const late of firstToFinish(answers, keep).late) {
      out[late.i] = {
        status: 'failed',
        code: 'dropped',
        message: `it finished after the first ${keep} of its group (over-selection), at ${late.finish.toFixed(1)} s of simulated time`,
      };
    }
  }
  return out;
}

function failureRecord({ client, failure }: { client: ClientProxy; failure: ClientFailure }): ClientFailureRecord {
  return { clientId: client.cid, clientNodeId: client.groupNodeId, code: failure.code, message: failure.message };
}

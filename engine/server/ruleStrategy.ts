/**
 * Flower's FedAvg family as a Strategy around a pure aggregation rule: sample each client group, send
 * every sampled client the global model with its group's config, merge the updates with the rule, and
 * evaluate on the round's clients' hold-outs. Strategies that need more (SCAFFOLD, QFedAvg) extend it.
 */
import { PROTOCOL_VERSION, type EvaluateIns, type EvaluateRes, type FitConfig, type FullFitIns, type FullFitRes } from '../protocol/messages.js';
import type { AggregatorParams } from '../format/params.js';
import type { FederatedScores } from '../run/events.js';
import { isOnline } from '../sim/availability.js';
import type { AggregationRule, ClientUpdate } from '../strategy/types.js';
import type { ClientGroup, ClientManager, ClientProxy } from './clientProxy.js';
import { fitConfigFor } from './fitConfig.js';
import { sampleClients } from './sampling.js';
import type { FailedReply, FitAggregate, Instruction, Reply, RoundStop, Strategy } from './strategy.js';

/** What the server asks of every client's timing in a round: the aggregator's deadline and straggler policy. */
export interface RoundPolicy {
  /** Simulated seconds; 0 for none. */
  readonly deadline: number;
  readonly stragglers: 'drop' | 'partial';
}

/** The positions of a group's clients online at simulated time `t` (all of them without a trace). */
export function availablePositions(group: ClientGroup, t: number): number[] | undefined {
  const trace = group.availability;
  if (!trace) return undefined;
  const out: number[] = [];
  group.splitClients.forEach((c, pos) => {
    if (isOnline(trace, c, t)) out.push(pos);
  });
  return out;
}

/**
 * Samples every group among its available clients and pairs each sampled client with its FitIns; `extend`
 * adds a strategy's own config and tensors. With over-selection an instruction says how many of its group count.
 */
export function sampleAndConfigure(
  round: number,
  global: Float32Array,
  clients: ClientManager,
  policy: RoundPolicy,
  extend: (config: FitConfig, group: ClientGroup) => Pick<FullFitIns, 'config' | 'tensors'> = (config) => ({ config }),
): Instruction<FullFitIns>[] {
  const out: Instruction<FullFitIns>[] = [];
  const timing = policy.deadline > 0 ? { deadline: policy.deadline, partialWork: policy.stragglers === 'partial' } : {};
  for (const group of clients.groups) {
    const { positions, keep } = sampleClients(group.params, group.splitClients, clients.seed, group.splitId, round, availablePositions(group, clients.time));
    const overSelected = positions.length > keep;
    for (const pos of positions) {
      const { config, tensors } = extend({ ...fitConfigFor(group, pos, round, clients.seed), ...timing }, group);
      out.push({
        client: group.proxies[pos],
        ins: { version: PROTOCOL_VERSION, round, weights: global, config, ...(tensors ? { tensors } : {}) },
        ...(overSelected ? { keep } : {}),
      });
    }
  }
  return out.sort((a, b) => a.client.cid - b.client.cid);
}

/** An aggregator's round policy. */
export function roundPolicy(params: Pick<AggregatorParams, 'deadline' | 'stragglers'>): RoundPolicy {
  return { deadline: params.deadline, stragglers: params.stragglers };
}

/** The updates of a round as the pure rules take them, in increasing client id. */
export function updatesOf(results: readonly Reply<FullFitRes>[]): ClientUpdate[] {
  return results
    .map(({ client, res }) => ({ clientId: client.cid, weights: res.weights, numExamples: res.numExamples }))
    .sort((a, b) => a.clientId - b.clientId);
}

/** Every trained client with a hold-out scores the new global model. */
export function configureHoldoutEvaluation(round: number, global: Float32Array, trained: readonly ClientProxy[]): Instruction<EvaluateIns>[] {
  return trained.filter((c) => c.canEvaluate).map((client) => ({ client, ins: { version: PROTOCOL_VERSION, round, weights: global } }));
}

/** Example-weighted mean loss and accuracy over the clients' hold-outs, and the spread of their accuracies, summed in client-id order. */
export function weightedScores(results: readonly Reply<EvaluateRes>[]): FederatedScores | null {
  const g = [...results].sort((a, b) => a.client.cid - b.client.cid).map((r) => r.res);
  if (g.length === 0) return null;
  const n = g.reduce((s, x) => s + x.numExamples, 0);
  const mean = g.reduce((s, x) => s + x.accuracy * x.numExamples, 0) / n;
  const variance = g.reduce((s, x) => s + (x.numExamples / n) * (x.accuracy - mean) ** 2, 0);
  return {
    clients: g.length,
    examples: n,
    loss: g.reduce((s, x) => s + x.loss * x.numExamples, 0) / n,
    accuracy: mean,
    accuracyStd: Math.sqrt(variance),
  };
}

/** Federated evaluation on the round's clients' hold-outs, the part every strategy here shares. */
export const holdoutEvaluation: Pick<Strategy, 'configureEvaluate' | 'aggregateEvaluate'> = {
  configureEvaluate: configureHoldoutEvaluation,
  aggregateEvaluate: (_round, results: readonly Reply<EvaluateRes>[], _failures: readonly FailedReply[]) => weightedScores(results),
};

/** A Strategy whose aggregation is one pure rule over the round's updates. */
export function ruleStrategy(rule: AggregationRule, policy: RoundPolicy): Strategy {
  return {
    name: rule.name,
    configureFit: (round, global, clients) => sampleAndConfigure(round, global, clients, policy),
    aggregateFit(round, global, results): FitAggregate | RoundStop {
      const updates = updatesOf(results);
      // A round where nobody answered leaves the model (and the rule's state) where it was.
      if (updates.length === 0) return { weights: global.slice() };
      const weights = rule.aggregate(global, updates, round);
      return { weights, ...(rule.lastSelection ? { selected: [...rule.lastSelection] } : {}) };
    },
    ...holdoutEvaluation,
  };
}

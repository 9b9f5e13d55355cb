/**
 * What the workbench shows of a federation's differential privacy: its ε after each round (from the
 * `aggregated` event live, then the round's record), at the δ of its aggregator, and the budget it
 * stopped at. Pure, so the chart data and the node's text are tested without a page.
 */
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import type { FederationMetrics } from './runState.js';

/** The δ the engine accounts at when an aggregator names none (engine/format/params.ts). */
export const DEFAULT_DELTA = 1e-5;

/** An aggregator's live privacy: ε after its last aggregated round, at δ, and the budget that stopped it, if one did. */
export interface NodePrivacy {
  epsilon: number;
  delta: number;
  /** Set once a `privacy-budget` event stopped the federation: the budget, and the ε the next round would have reached. */
  stopped?: { budget: number; next: number; round: number };
}

/** The δ of an aggregator in the running document (its `delta` param, or the engine's default). */
export function deltaOf(doc: PipelineDocument | null, aggregatorId: string): number {
  const params = doc?.nodes.find((n) => n.id === aggregatorId)?.params as { delta?: unknown } | undefined;
  return typeof params?.delta === 'number' ? params.delta : DEFAULT_DELTA;
}

/** Whether any federation of the run has reported an ε, so the ε chart is worth showing. */
export function hasEpsilon(federations: readonly Pick<FederationMetrics, 'epsilon'>[]): boolean {
  return federations.some((f) => f.epsilon.length > 0);
}

/** δ as people write it: 1e-5, 0.001 stays 0.001. */
export function formatDelta(delta: number): string {
  return delta < 1e-3 ? delta.toExponential() : String(delta);
}

/** ε with two decimals below 10, one below 100, none above: enough to read its growth round by round. */
export function formatEpsilon(epsilon: number): string {
  return epsilon >= 100 ? epsilon.toFixed(0) : epsilon >= 10 ? epsilon.toFixed(1) : epsilon.toFixed(2);
}

/** The aggregator node's ε chip: "ε 1.70 at δ 1e-5", and "· budget 2 reached" once the budget stopped it. */
export function nodePrivacyText(p: NodePrivacy): string {
  const base = `ε ${formatEpsilon(p.epsilon)} at δ ${formatDelta(p.delta)}`;
  return p.stopped ? `${base} · budget ${p.stopped.budget} reached` : base;
}

/** The chart's label of a federation's ε line, with its δ. */
export function epsilonLabel(f: Pick<FederationMetrics, 'label' | 'delta'>): string {
  return `${f.label} (δ ${formatDelta(f.delta)})`;
}

/**
 * An aggregator node's privacy previews from the last aggregated round: its update norms against the
 * clip norm (differential privacy) and one client's masked update (secure aggregation), as the engine put
 * them on the `aggregated` event. Each replaces the last; rounds without them leave the last one shown.
 */
import type { RunEvent, SecureAggregationPreview } from '../../../engine/run/events.js';
import type { RunState } from './runState.js';

/** What an aggregator's node preview shows of its last round. */
export interface AggregatorPreview {
  /** The round of the norms, and the norms with the round's clip norm. */
  norms?: { round: number; norms: number[]; clipNorm: number };
  /** The round of the masked preview, and the preview. */
  masked?: { round: number } & SecureAggregationPreview;
}

/** The state with the previews of an `aggregated` event folded in; every other event leaves it as it is. */
export function withAggregatorPreview(state: RunState, event: RunEvent): RunState {
  if (event.type !== 'aggregated' || (!event.updateNorms && !event.maskedPreview)) return state;
  if (!state.federations[event.aggregatorId]) return state;
  const last = state.aggregatorPreviews[event.aggregatorId] ?? {};
  const next: AggregatorPreview = {
    ...last,
    ...(event.updateNorms ? { norms: { round: event.round, ...event.updateNorms } } : {}),
    ...(event.maskedPreview ? { masked: { round: event.round, ...event.maskedPreview } } : {}),
  };
  return { ...state, aggregatorPreviews: { ...state.aggregatorPreviews, [event.aggregatorId]: next } };
}

/** What aggregation strategies take and keep. Weights are flat Float32Arrays in the model's weight order. */

/** One client's answer for a round. */
export interface ClientUpdate {
  /** The client's id within its federation; aggregation always runs in increasing id order. */
  clientId: number;
  /** The client's new local weights (not a difference). */
  weights: Float32Array;
  /** Training examples behind the update, the weight of FedAvg. */
  numExamples: number;
}

/**
 * A pure aggregation rule: merges a round's updates into the next global weights, keeping its own state.
 * The Flower-shaped strategies of `engine/server/` (which clients, what config, what to do with failures)
 * are built around these.
 */
export interface AggregationRule {
  readonly name: string;
  /** Returns the next global weights for server round `round` (1-based); `global` and the updates are not modified. */
  aggregate(global: Float32Array, updates: readonly ClientUpdate[], round?: number): Float32Array;
  /** What the last aggregation chose, for the event stream (e.g. Krum's selected client ids). */
  readonly lastSelection?: readonly number[];
}

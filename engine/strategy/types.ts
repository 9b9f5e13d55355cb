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

/** A server-side strategy: merges a round's updates into the next global weights, keeping its own state. */
export interface Strategy {
  readonly name: string;
  /** Returns the next global weights; `global` and the updates are not modified. */
  aggregate(global: Float32Array, updates: readonly ClientUpdate[]): Float32Array;
  /** What the last aggregation chose, for the event stream (e.g. Krum's selected client ids). */
  readonly lastSelection?: readonly number[];
}

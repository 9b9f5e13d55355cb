/**
 * A partition of a training table among clients. A splitter returns one index array per client; the
 * runner then packs them into one shared array with offsets so that a task names a client's shard by
 * (offset, length) instead of copying it.
 */
import type { Rng } from '../random/rng.js';

/** What every label-based splitter receives. */
export interface SplitInput {
  /** Class index of each training row. */
  labels: Int32Array;
  numClasses: number;
  numClients: number;
  rng: Rng;
}

/** A splitter's result: the training row indices of each client. */
export type Shards = Int32Array[];

/** The packed partition the runner uses. */
export interface Partition {
  numClients: number;
  /** Client c trains on `trainIndices[trainOffsets[c] .. trainOffsets[c+1])`. */
  trainIndices: Int32Array;
  trainOffsets: Int32Array;
  /** Client c's local hold-out, likewise. Empty when the split keeps no hold-out. */
  holdoutIndices: Int32Array;
  holdoutOffsets: Int32Array;
  /** labelCounts[c][k]: how many training rows of class k client c holds (for heatmaps). */
  labelCounts: number[][];
}

/** Raised when a split cannot be made as asked (e.g. more clients than examples); the runner names the node. */
export class SplitError extends Error {
  constructor(
    message: string,
    /** The params field at fault, e.g. `numClients`. */
    readonly field: string,
  ) {
    super(message);
    this.name = 'SplitError';
  }
}

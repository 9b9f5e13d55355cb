/**
 * One cohort member's walk through its own rows: the same shuffles, epochs, batch size and step budget as
 * ModelRunner takes for a client alone, so a member's batches do not depend on who else is in its cohort.
 */
import { deriveSeed, Rng } from '../../random/rng.js';
import type { LocalTraining, RowsRef } from '../../run/messages.js';
import { rowsOf } from '../batches.js';

/** Which rows a member trains on at each of its steps. */
export class MemberSchedule {
  /** Rows of the member, in this epoch's shuffled order. */
  readonly order: Int32Array;
  readonly n: number;
  /** Rows per minibatch ('full' is all of them). */
  readonly batch: number;
  /** Optimizer steps the member takes in all: every batch of every epoch, cut at maxSteps. */
  readonly steps: number;
  private readonly perEpoch: number;
  private readonly rng: Rng;

  constructor(rows: RowsRef, client: LocalTraining, seed: number) {
    this.order = rowsOf(rows.indices, rows.offset, rows.length);
    this.n = this.order.length;
    this.batch = client.batchSize === 'full' ? this.n : Math.min(client.batchSize, this.n);
    this.perEpoch = this.batch > 0 ? Math.ceil(this.n / this.batch) : 0;
    this.steps = Math.min(client.maxSteps ?? Infinity, client.localEpochs * this.perEpoch);
    this.rng = new Rng(deriveSeed(seed, 'shuffle'));
  }

  /**
   * The rows `order[from..to)` of step `step` (taken in order, 0, 1, 2, …); reshuffles at each epoch's
   * first step, as ModelRunner does.
   */
  rowsAt(step: number): { from: number; to: number } {
    const within = step % this.perEpoch;
    if (within === 0) this.rng.shuffle(this.order);
    const from = within * this.batch;
    return { from, to: Math.min(from + this.batch, this.n) };
  }
}

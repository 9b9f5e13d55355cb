/**
 * Error feedback (Seide et al. 2014; Stich et al. 2018; Karimireddy et al. 2019): a client keeps what its
 * compressor dropped and adds it to the next update, so a biased compressor (top-k, random-k, sign) still
 * delivers every coordinate's mass eventually: the decoded updates plus the residual always add up to the
 * updates given.
 */
import type { Compressor, EncodedVector } from './compressor.js';
import { CompressionError } from './compressionError.js';

/** One round's result: the bytes to send and what the receiver will decode from them. */
export interface FeedbackResult {
  encoded: EncodedVector;
  decoded: Float32Array;
}

/** One client's compression residual, carried from round to round. */
export class ErrorFeedback {
  private memory: Float32Array | null = null;
  private input: Float32Array | null = null;

  /**
   * A new residual: zero, or a copy of one carried over (a client whose rounds run on different
   * workers sends its residual along, as SCAFFOLD clients do their control variate).
   */
  constructor(residual?: Float32Array) {
    if (residual) {
      this.memory = residual.slice();
      this.input = new Float32Array(residual.length);
    }
  }

  /** What has been given but not yet delivered, a copy (empty before the first round). */
  get residual(): Float32Array {
    return this.memory ? this.memory.slice() : new Float32Array(0);
  }

  /** Compresses update + residual and keeps what the compression lost as the new residual. */
  compress(update: Float32Array, compressor: Compressor, seed: number): FeedbackResult {
    const n = update.length;
    if (this.memory === null || this.input === null) {
      this.memory = new Float32Array(n);
      this.input = new Float32Array(n);
    } else if (this.memory.length !== n) {
      throw new CompressionError('vector', `The update has ${n} coordinates, but this client's earlier ones had ${this.memory.length}.`);
    }
    const memory = this.memory;
    const input = this.input;
    for (let i = 0; i < n; i++) input[i] = update[i] + memory[i];
    const encoded = compressor.encode(input, seed);
    const decoded = compressor.decode(encoded, n);
    for (let i = 0; i < n; i++) memory[i] = input[i] - decoded[i];
    return { encoded, decoded };
  }

  /** Forgets the residual (a new run, or a model of another size). */
  reset(): void {
    this.memory = null;
    this.input = null;
  }
}

/**
 * How one client encodes its update for the uplink: the update is its local weights minus the model it
 * received (not the weights), compressed by its group's codec; with error feedback, what the codec
 * dropped is kept and added to the client's next update, however many rounds later it is sampled again.
 */
import type { Compressor, CompressorSettings } from '../compress/compressor.js';
import { createCompressor, encodedBytes } from '../compress/createCompressor.js';
import { ErrorFeedback } from '../compress/errorFeedback.js';
import type { ClientParams } from '../format/params.js';
import type { EncodedVector } from '../protocol/messages.js';

/** The codec settings of a client group's uplink. */
export function uplinkSettings(p: Pick<ClientParams, 'compression' | 'bits' | 'keepFraction'>): CompressorSettings {
  return { name: p.compression, bits: p.bits, fraction: p.keepFraction };
}

/** One client's uplink encoder, with its error-feedback residual. */
export class UpdateEncoder {
  private readonly compressor: Compressor;
  private readonly feedback: ErrorFeedback | null;

  constructor(
    private readonly settings: CompressorSettings,
    errorFeedback: boolean,
  ) {
    this.compressor = createCompressor(settings);
    // Error feedback on an exact codec would carry float rounding only; it is kept off there.
    this.feedback = errorFeedback && settings.name !== 'none' ? new ErrorFeedback() : null;
  }

  /** The bytes an encoded update of n values takes, known before training (for the simulated clock). */
  bytes(n: number): number {
    return encodedBytes(this.settings, n);
  }

  /** The update local − received (plus the residual, with error feedback), encoded with `seed`. */
  encode(received: Float32Array, local: Float32Array, seed: number): EncodedVector {
    const update = new Float32Array(local.length);
    for (let i = 0; i < local.length; i++) update[i] = local[i] - received[i];
    return this.feedback ? this.feedback.compress(update, this.compressor, seed).encoded : this.compressor.encode(update, seed);
  }

  /** What error feedback still owes the server (empty before the first update, or without error feedback); a copy. */
  get residual(): Float32Array {
    return this.feedback?.residual ?? new Float32Array(0);
  }
}

/**
 * Update compression: what a client does to its update before sending it (uplink) and what the server
 * does to the global model before broadcasting it (downlink). A compressor turns a flat Float32Array into
 * an `EncodedVector` — the exact bytes that travel, with every parameter needed to decode them in its own
 * header — and back. Browser-safe: remote and browser clients encode with the same code.
 */
import type { CompressorName, EncodedVector } from '../protocol/messages.js';

export type { CompressorName, EncodedVector };

/** Every compressor name, for params schemas and exhaustive handling. */
export const COMPRESSOR_NAMES = ['none', 'quantize', 'topk', 'randomk', 'sign'] as const satisfies readonly CompressorName[];

/** How one compressor is set up, as a client or aggregator node's params say it. */
export interface CompressorSettings {
  name: CompressorName;
  /** `quantize`: bits per coordinate, 1–16 (stochastic rounding onto 2^bits levels). */
  bits?: number;
  /** `topk` / `randomk`: the fraction of coordinates sent, in (0, 1]. */
  fraction?: number;
}

/** Encodes and decodes flat vectors; pure and seeded: the same vector and seed give the same bytes. */
export interface Compressor {
  readonly name: CompressorName;
  /** The wire form of `vector` (never modified); `seed` drives stochastic rounding and random indices. */
  encode(vector: Float32Array, seed: number): EncodedVector;
  /**
   * The vector the receiver reconstructs: the same length as the one encoded. Safe on hostile bytes:
   * anything malformed (wrong codec, a length other than `expectedLength` when given, bytes that do not
   * match the header) throws a `CompressionError`.
   */
  decode(encoded: EncodedVector, expectedLength?: number): Float32Array;
}

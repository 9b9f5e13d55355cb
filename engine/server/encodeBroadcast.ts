/**
 * Downlink compression (the aggregator's `downlinkCompression`): the global model a round broadcasts is
 * encoded once, and every client of the round is sent the same encoded bytes in place of the weights.
 * The server keeps its exact model; clients train from what the bytes decode to.
 */
import type { EncodedVector, FitIns, FullFitIns } from '../protocol/messages.js';
import type { Instruction } from './strategy.js';

/** The round's instructions with each distinct model encoded once (a round normally sends one model to all). */
export function encodeBroadcast(instructions: readonly Instruction<FullFitIns>[], encode: (weights: Float32Array) => EncodedVector): Instruction<FitIns>[] {
  const encoded = new Map<Float32Array, EncodedVector>();
  return instructions.map((instruction) => {
    const { weights, ...rest } = instruction.ins;
    let model = encoded.get(weights);
    if (!model) {
      model = encode(weights);
      encoded.set(weights, model);
    }
    return { ...instruction, ins: { ...rest, encodedWeights: model } };
  });
}

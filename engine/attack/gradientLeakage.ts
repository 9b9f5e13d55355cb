/**
 * The gradient-leakage attack as the server runs it: from the update one client sent (its weights minus the
 * global model it was given), reconstruct the client's training image and infer its label, then measure
 * the reconstruction against the real image. Pure, browser-safe: flat weight vectors in, numbers out.
 */
import { weightLayout, type ModelSpec } from '../model/modelSpec.js';
import { invertFirstDense } from './analyticInversion.js';
import type { InversionAttack } from './inversionAttacks.js';
import { inferLabel } from './labelInference.js';
import { meanSquaredError } from './mse.js';
import { ssim } from './ssim.js';

/** The pixels' range the reconstruction is clamped to and SSIM is computed over: images load as [0, 1]. */
export const PIXEL_RANGE = [0, 1] as const;

/** What the attack on one client's update found, beside the truth the simulation knows. */
export interface GradientLeakage {
  method: Exclude<InversionAttack, 'none'>;
  /** The round whose update was attacked. */
  round: number;
  clientId: number;
  clientNodeId: string;
  /** The client's training examples in that round; the attack is exact for 1. */
  examples: number;
  /** [height, width] of the images. */
  shape: [number, number];
  /** The client's (first) training image, row-major, pixels in [0, 1]. */
  real: number[];
  /** The server's reconstruction, row-major, clamped to [0, 1]. */
  reconstruction: number[];
  trueLabel: number;
  inferredLabel: number;
  /** Windowed SSIM (7×7, scikit-image's defaults) of reconstruction against real: 1 is identical. */
  ssim: number;
  /** Mean squared error per pixel of reconstruction against real. */
  mse: number;
}

/** Why the attack cannot run on a model: its first layer is not dense. */
export function inversionUnsupported(spec: ModelSpec): string | null {
  return spec.params.arch === 'cnn' ? 'the CNN’s first layer is a convolution; the analytic inversion needs a dense first layer (an MLP or logistic model)' : null;
}

const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

/** The attack's input: the model, the update's two ends, the image and label the client trained on. */
export interface LeakageInput {
  method: Exclude<InversionAttack, 'none'>;
  spec: ModelSpec;
  global: Float32Array;
  received: Float32Array;
  real: ArrayLike<number>;
  trueLabel: number;
  round: number;
  clientId: number;
  clientNodeId: string;
  examples: number;
  /** DLG's reconstruction, found by its optimiser in a worker; required for `dlg`, absent for `analytic`. */
  optimised?: ArrayLike<number>;
}

/** The update (received − global) of each weight, in double precision, from `from` for `size` values. */
function updateOf(global: Float32Array, received: Float32Array, from: number, size: number): Float64Array {
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) out[i] = received[from + i] - global[from + i];
  return out;
}

/** The label iDLG reads off an update of `spec`: the largest entry of the last bias's update. */
export function inferredLabelOf(spec: ModelSpec, global: Float32Array, received: Float32Array): number {
  const classes = spec.numClasses;
  return inferLabel(updateOf(global, received, global.length - classes, classes));
}

/** Runs the attack on one update; throws only for a model the attack does not support (validation refuses those first). */
export function gradientLeakage(input: LeakageInput): GradientLeakage {
  const { spec, global, received } = input;
  const why = inversionUnsupported(spec);
  if (why) throw new RangeError(`The gradient-inversion attack cannot run: ${why}.`);
  let x: ArrayLike<number>;
  if (input.method === 'dlg') {
    if (!input.optimised) throw new RangeError('DLG’s reconstruction comes from its optimiser; none was given.');
    x = input.optimised;
  } else {
    const [kernel, bias] = weightLayout(spec).map((e) => e.shape.reduce((a, b) => a * b, 1));
    x = invertFirstDense(updateOf(global, received, 0, kernel), updateOf(global, received, kernel, bias)).input;
  }
  const [lo, hi] = PIXEL_RANGE;
  // An attacker who knows the pixels' range clamps to it; non-finite estimates (no signal) count as black.
  const reconstruction = Array.from(x, (v: number) => (Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : lo));
  const real = Array.from(input.real);
  const [height, width] = spec.inputShape.length >= 2 ? [spec.inputShape[0], spec.inputShape[1]] : [1, spec.inputShape[0]];
  return {
    method: input.method,
    round: input.round,
    clientId: input.clientId,
    clientNodeId: input.clientNodeId,
    examples: input.examples,
    shape: [height, width],
    real: real.map(round4),
    reconstruction: reconstruction.map(round4),
    trueLabel: input.trueLabel,
    inferredLabel: inferredLabelOf(spec, global, received),
    ssim: ssim(reconstruction, real, height, width, hi - lo),
    mse: meanSquaredError(reconstruction, real),
  };
}

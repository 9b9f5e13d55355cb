/**
 * The exact analytic inversion of a first dense layer (Phong et al. 2017; also Geiping et al. 2020, §4).
 * For one example x, a dense layer z = xW + b has ∂L/∂W[i,j] = xᵢ·∂L/∂b[j], so one SGD step's update
 * ΔW = −lr·∂L/∂W and Δb = −lr·∂L/∂b gives xᵢ = ΔW[i,j] / Δb[j] for every unit j whose bias moved, whatever
 * the layers above, the loss or the learning rate. We combine all units by least squares,
 * xᵢ = Σⱼ ΔW[i,j]·Δb[j] / Σⱼ Δb[j]², which is exact without noise and the best linear estimate with it.
 * With several examples in the step it returns their mix weighted by each one's ∂L/∂b; after several steps
 * or with Adam's rescaled step it is no longer exact.
 */

/** What the inversion recovered: the input, and how much of the bias update carried it. */
export interface FirstLayerInversion {
  /** The estimated input, one value per input feature. */
  readonly input: Float64Array;
  /** Units whose bias update was not zero (the ones that saw the example). */
  readonly activeUnits: number;
}

/**
 * Inverts a dense layer's update: `kernel` is ΔW, row-major [inputs, units] (TensorFlow.js's layout),
 * `bias` is Δb [units]. With no bias movement at all the estimate is zeros.
 */
export function invertFirstDense(kernel: ArrayLike<number>, bias: ArrayLike<number>): FirstLayerInversion {
  const units = bias.length;
  const inputs = units > 0 ? kernel.length / units : 0;
  if (!Number.isInteger(inputs)) throw new RangeError(`A dense kernel of ${kernel.length} values does not fit ${units} units.`);
  let energy = 0;
  let activeUnits = 0;
  for (let j = 0; j < units; j++) {
    energy += bias[j] * bias[j];
    if (bias[j] !== 0) activeUnits++;
  }
  const input = new Float64Array(inputs);
  if (energy === 0) return { input, activeUnits };
  for (let i = 0; i < inputs; i++) {
    let s = 0;
    const row = i * units;
    for (let j = 0; j < units; j++) s += kernel[row + j] * bias[j];
    input[i] = s / energy;
  }
  return { input, activeUnits };
}

/**
 * What a worker needs to build a model: the model node's params plus the data's input shape and class
 * count. The weight layout (shapes in `model.getWeights()` order) is computed here without TensorFlow.js
 * so the coordinator can initialise and aggregate flat weight vectors without building a model.
 */
import type { ModelParams } from '../format/params.js';
import { assertNever } from '../format/nodeKinds.js';

export interface ModelSpec {
  params: ModelParams;
  /** Shape of one example, e.g. [28, 28, 1]. */
  inputShape: number[];
  numClasses: number;
}

export interface WeightEntry {
  name: string;
  shape: number[];
  /** Kernels get Glorot-uniform initial values; biases start at zero. */
  role: 'kernel' | 'bias';
  fanIn: number;
  fanOut: number;
}

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function dense(name: string, inputs: number, units: number): WeightEntry[] {
  return [
    { name: `${name}/kernel`, shape: [inputs, units], role: 'kernel', fanIn: inputs, fanOut: units },
    { name: `${name}/bias`, shape: [units], role: 'bias', fanIn: inputs, fanOut: units },
  ];
}

function conv(name: string, k: number, cin: number, cout: number): WeightEntry[] {
  return [
    { name: `${name}/kernel`, shape: [k, k, cin, cout], role: 'kernel', fanIn: k * k * cin, fanOut: k * k * cout },
    { name: `${name}/bias`, shape: [cout], role: 'bias', fanIn: k * k * cin, fanOut: k * k * cout },
  ];
}

/** The FedAvg paper's CNN (McMahan et al. 2017): two 5×5 conv layers (32, 64) with 2×2 max-pooling, dense 512, dense classes. */
export const CNN_LAYOUT = { conv1: 32, conv2: 64, kernel: 5, dense: 512 } as const;

/** The model's weights, in the order TensorFlow.js's `getWeights()` returns them. */
export function weightLayout(spec: ModelSpec): WeightEntry[] {
  const inputs = product(spec.inputShape);
  const p = spec.params;
  switch (p.arch) {
    case 'logistic':
      return dense('logits', inputs, spec.numClasses);
    case 'mlp': {
      const entries: WeightEntry[] = [];
      let width = inputs;
      p.hidden.forEach((units, i) => {
        entries.push(...dense(`hidden${i + 1}`, width, units));
        width = units;
      });
      return [...entries, ...dense('logits', width, spec.numClasses)];
    }
    case 'cnn': {
      const [h, w, c] = spec.inputShape;
      if (spec.inputShape.length !== 3) throw new Error(`A CNN needs image inputs [height, width, channels], got [${spec.inputShape}].`);
      const pooled = Math.floor(Math.floor(h / 2) / 2) * Math.floor(Math.floor(w / 2) / 2) * CNN_LAYOUT.conv2;
      return [
        ...conv('conv1', CNN_LAYOUT.kernel, c, CNN_LAYOUT.conv1),
        ...conv('conv2', CNN_LAYOUT.kernel, CNN_LAYOUT.conv1, CNN_LAYOUT.conv2),
        ...dense('dense1', pooled, CNN_LAYOUT.dense),
        ...dense('logits', CNN_LAYOUT.dense, spec.numClasses),
      ];
    }
    default:
      return assertNever(p, 'model architecture');
  }
}

/** Total number of weights of a model. */
export function weightCount(spec: ModelSpec): number {
  return weightLayout(spec).reduce((sum, e) => sum + product(e.shape), 0);
}

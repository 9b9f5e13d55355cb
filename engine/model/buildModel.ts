/** Builds a TensorFlow.js model from a spec. Runs where a backend is set up (the workers). */
import * as tfl from '@tensorflow/tfjs-layers';
import { assertNever } from '../format/nodeKinds.js';
import { CNN_LAYOUT, type ModelSpec } from './modelSpec.js';

/** A tfjs-layers model that outputs logits (the softmax lives in the loss), with weights in `weightLayout` order. */
export function buildModel(spec: ModelSpec): tfl.LayersModel {
  const p = spec.params;
  const layers: tfl.layers.Layer[] = [];
  const input = { inputShape: spec.inputShape };
  // Rows of a table are already flat; images are flattened for dense models (Flatten refuses rank-1 input).
  const dense = (config: { units: number; name: string; activation?: 'relu' | 'tanh' | 'sigmoid' }, first: boolean) =>
    tfl.layers.dense(first && spec.inputShape.length === 1 ? { ...config, ...input } : config);
  if (p.arch !== 'cnn' && spec.inputShape.length > 1) layers.push(tfl.layers.flatten(input));
  switch (p.arch) {
    case 'logistic':
      layers.push(dense({ units: spec.numClasses, name: 'logits' }, true));
      break;
    case 'mlp':
      p.hidden.forEach((units, i) => layers.push(dense({ units, activation: p.activation, name: `hidden${i + 1}` }, i === 0)));
      layers.push(dense({ units: spec.numClasses, name: 'logits' }, p.hidden.length === 0));
      break;
    case 'cnn': {
      const k = CNN_LAYOUT.kernel;
      layers.push(
        tfl.layers.conv2d({ ...input, filters: CNN_LAYOUT.conv1, kernelSize: k, padding: 'same', activation: 'relu', name: 'conv1' }),
        tfl.layers.maxPooling2d({ poolSize: 2 }),
        tfl.layers.conv2d({ filters: CNN_LAYOUT.conv2, kernelSize: k, padding: 'same', activation: 'relu', name: 'conv2' }),
        tfl.layers.maxPooling2d({ poolSize: 2 }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: CNN_LAYOUT.dense, activation: 'relu', name: 'dense1' }),
        tfl.layers.dense({ units: spec.numClasses, name: 'logits' }),
      );
      break;
    }
    default:
      assertNever(p, 'model architecture');
  }
  return tfl.sequential({ layers });
}

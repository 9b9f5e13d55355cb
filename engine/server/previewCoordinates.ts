/**
 * Which coordinates of a model's flat weight vector the secure-aggregation preview shows. The first k
 * coordinates of an MLP on MNIST are the weights out of the top-left pixels, which are always blank, so
 * their updates are all zero: the preview takes instead the weights into the first unit of the first dense
 * layer, one per input, drawn in the input's shape (28 × 28 for MNIST: a picture of what unit 0 learns),
 * or the first conv filter's first channel (5 × 5). Where that is more than the limit, the first coordinates.
 */
import { weightLayout, type ModelSpec } from '../model/modelSpec.js';

/** Coordinates to show, in reading order, and the rows × columns they are drawn in. */
export interface PreviewCoordinates {
  readonly indices: readonly number[];
  readonly rows: number;
  readonly columns: number;
}

/** The most coordinates a preview carries (three arrays of them travel in an event each round). */
export const MAX_PREVIEW_COORDINATES = 784;

/** The first `count` coordinates in a near-square block. */
function leading(count: number): PreviewCoordinates {
  const columns = Math.max(1, Math.ceil(Math.sqrt(count)));
  return { indices: Array.from({ length: count }, (_, i) => i), rows: Math.ceil(count / columns), columns };
}

/** The preview's coordinates for a model whose flat vector has `length` entries (the layout's, when it matches). */
export function previewCoordinates(spec: ModelSpec | undefined, length: number): PreviewCoordinates {
  const fallback = leading(Math.min(length, 256));
  if (!spec) return fallback;
  const first = weightLayout(spec)[0];
  if (!first || first.role !== 'kernel') return fallback;
  const shape = first.shape;
  if (shape.length === 2) {
    // A dense kernel [inputs, units], row-major: unit 0's weight from input i sits at i·units.
    const [inputs, units] = shape;
    if (inputs > MAX_PREVIEW_COORDINATES || inputs * units > length) return fallback;
    const [h, w] = spec.inputShape;
    const image = spec.inputShape.length >= 2 && h * w === inputs;
    return { indices: Array.from({ length: inputs }, (_, i) => i * units), rows: image ? h : 1, columns: image ? w : inputs };
  }
  if (shape.length === 4) {
    // A conv kernel [k, k, in, out]: filter 0's weights on channel 0 at ((y·k + x)·in)·out.
    const [k, , cin, cout] = shape;
    if (k * k * cin * cout > length) return fallback;
    return { indices: Array.from({ length: k * k }, (_, i) => i * cin * cout), rows: k, columns: k };
  }
  return fallback;
}

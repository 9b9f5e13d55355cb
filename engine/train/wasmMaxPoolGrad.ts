// A faster MaxPoolGrad for tfjs-backend-wasm 4.22, for pools whose windows do not overlap (a 2×2 pool of
// stride 2, as the FedAvg CNN has).
//
// The shipped kernel (cc/kernels/MaxPoolGrad.cc) walks the tensor channel-outermost, across NHWC memory,
// and for each input position visits every window that could hold it: on the FedAvg CNN's first pool
// ([32, 28, 28, 32]) it took ~30 ms of a ~290 ms training step. Where windows do not overlap, each input
// position is in at most one window, so one pass over the windows in memory order does it. This one works
// on the backend's heap views in place and gives the shipped kernel's numbers bit for bit (tested on inputs
// full of ties and zeros): a window's max is the *last* position with x ≥ the running max, which starts at
// FLT_MIN at flat offset 0 (so a window whose values are all below FLT_MIN keeps offset 0 and sends its
// gradient nowhere, unless it is the window holding offset 0), and each input's gradient is 0 + dy · mask.

import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelFunc, MaxPoolGradAttrs, TensorInfo } from '@tensorflow/tfjs-core';

/** The smallest normal float32, the shipped kernel's starting max (std::numeric_limits<float>::min()). */
const FLT_MIN = 2 ** -126;

/** The part of the wasm backend this kernel uses (public methods of BackendWasm). */
interface HeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

function heapBackend(backend: KernelBackend): HeapBackend | null {
  const b = backend as unknown as Partial<HeapBackend>;
  return typeof b.makeOutput === 'function' && typeof b.typedArrayFromHeap === 'function' ? (b as HeapBackend) : null;
}

/** dx for non-overlapping windows; null where the windows overlap, are padded or dilated (the shipped kernel runs). */
function nonOverlappingGrad(backend: KernelBackend, dy: TensorInfo, input: TensorInfo, attrs: MaxPoolGradAttrs): TensorInfo | null {
  const heap = heapBackend(backend);
  if (heap === null || input.dtype !== 'float32' || dy.dtype !== 'float32' || input.shape.length !== 4) return null;
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const { batchSize, inHeight, inWidth, inChannels: c, outHeight, outWidth, strideHeight: sh, strideWidth: sw } = info;
  const { effectiveFilterHeight: fh, effectiveFilterWidth: fw, dilationHeight, dilationWidth, padInfo } = info;
  const fits = sh === fh && sw === fw && dilationHeight === 1 && dilationWidth === 1 && padInfo.top === 0 && padInfo.left === 0;
  if (!fits || dy.shape.join() !== [batchSize, outHeight, outWidth, c].join()) return null;

  const dx = heap.makeOutput(input.shape, 'float32');
  // Views after makeOutput: growing the heap detaches earlier ones.
  const x = heap.typedArrayFromHeap(input);
  const g = heap.typedArrayFromHeap(dy);
  const out = heap.typedArrayFromHeap(dx);
  // Positions in no window (rows or columns a 'valid' pool leaves out) get the shipped kernel's empty sum.
  out.fill(0);
  const rowStride = inWidth * c;
  for (let b = 0, dyAt = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const h0 = oh * sh;
      const h1 = Math.min(inHeight, h0 + fh);
      for (let ow = 0; ow < outWidth; ow++) {
        const w0 = ow * sw;
        const w1 = Math.min(inWidth, w0 + fw);
        const corner = ((b * inHeight + h0) * inWidth + w0) * c;
        if (fh === 2 && fw === 2 && h0 + 2 <= inHeight && w0 + 2 <= inWidth) {
          // The common 2×2 window, unrolled: positions p0 p1 / p2 p3 in scan order.
          for (let ch = 0; ch < c; ch++, dyAt++) {
            const p0 = corner + ch;
            const p1 = p0 + c;
            const p2 = p0 + rowStride;
            const p3 = p2 + c;
            let best = FLT_MIN;
            let at = 0;
            if (x[p0] >= best) {
              best = x[p0];
              at = p0;
            }
            if (x[p1] >= best) {
              best = x[p1];
              at = p1;
            }
            if (x[p2] >= best) {
              best = x[p2];
              at = p2;
            }
            if (x[p3] >= best) at = p3;
            const grad = g[dyAt];
            out[p0] = 0 + grad * (at === p0 ? 1 : 0);
            out[p1] = 0 + grad * (at === p1 ? 1 : 0);
            out[p2] = 0 + grad * (at === p2 ? 1 : 0);
            out[p3] = 0 + grad * (at === p3 ? 1 : 0);
          }
          continue;
        }
        for (let ch = 0; ch < c; ch++, dyAt++) {
          let best = FLT_MIN;
          let at = 0;
          for (let h = h0, row = corner + ch; h < h1; h++, row += rowStride) {
            for (let w = w0, off = row; w < w1; w++, off += c) {
              if (x[off] >= best) {
                best = x[off];
                at = off;
              }
            }
          }
          const grad = g[dyAt];
          for (let h = h0, row = corner + ch; h < h1; h++, row += rowStride) {
            for (let w = w0, off = row; w < w1; w++, off += c) out[off] = 0 + grad * (off === at ? 1 : 0);
          }
        }
      }
    }
  }
  return dx;
}

/** MaxPoolGrad that takes the fast pass where windows do not overlap and the shipped kernel elsewhere. */
export function makeMaxPoolGrad(shipped: KernelFunc): KernelFunc {
  return (args) => {
    const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
    return nonOverlappingGrad(args.backend as KernelBackend, dy, input, args.attrs as unknown as MaxPoolGradAttrs) ?? shipped(args);
  };
}

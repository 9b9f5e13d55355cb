// Training-path kernel fixes for @tensorflow/tfjs-backend-wasm 4.22.
//
// The wasm backend ships fast XNNPACK kernels for the forward ops (Conv2D,
// BatchMatMul without transposes, Transpose, Reverse, Slice) but its gradient
// kernels are missing or slow. Every fix below is built only from the wasm
// backend's own registered kernels, called directly inside our kernel
// function, so all data stays in the wasm heap and no other backend is needed.
//
// Measured on the 2-core dev machine (tfjs 4.22, Node 20):
// - Conv2DBackpropFilter is not registered for wasm at all, and tfjs does not
//   fall back to cpu, so any Conv2D model throws on its first training step.
//   Expressing it as a Conv2D of the transposed input and dy reproduces the cpu
//   backend's filter gradients to ~1e-6.
// - The shipped Conv2DBackpropInput and the transposeA/transposeB variants of
//   BatchMatMul run a plain scalar loop. Rerouting them onto the fast Conv2D
//   and plain BatchMatMul cut a CNN step from 394 to 149 ms and made the MLP
//   ~1.5-2x faster (every dense layer's backward pass is a transposed matMul).
// - A BatchMatMul of batch > 1 runs a blocked scalar loop that sums in 48-wide blocks, so a stacked
//   cohort's numbers differed from each client's alone. Running each slice on the batch-1 XNNPACK path
//   in place makes them bit-identical and took [10,32,784]x[10,784,128] from ~42 to ~9 ms (10 lone
//   products with fresh weights cost the same ~9 ms: packing the weights dominates either way).

import {
  backend_util,
  getKernel,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs-core';
import type {
  BatchMatMulAttrs,
  Conv2DBackpropFilterAttrs,
  Conv2DBackpropInputAttrs,
  KernelBackend,
  KernelConfig,
  KernelFunc,
  NamedAttrMap,
  NamedTensorInfoMap,
  TensorInfo,
} from '@tensorflow/tfjs-core';

import { makeMaxPoolGrad } from './wasmMaxPoolGrad.js';
import { optimizerKernelConfigs } from './wasmOptimizerKernels.js';
import { stackedLinearConfig, stackedMatMul, wasmInternals } from './wasmStackedMatMul.js';

const WASM = 'wasm';

type Shape4D = [number, number, number, number];
type ExplicitPad = [[number, number], [number, number], [number, number], [number, number]];

/** Runs one of the wasm backend's registered kernels and returns its single output. */
function runWasm(
  kernelName: string,
  backend: KernelBackend,
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap,
): TensorInfo {
  const kernel = getKernel(kernelName, WASM);
  if (kernel === undefined) {
    throw new Error(`wasmKernels: the wasm backend has no '${kernelName}' kernel`);
  }
  return kernel.kernelFunc({ inputs, backend, attrs }) as TensorInfo;
}

function transpose(backend: KernelBackend, x: TensorInfo, perm: number[]): TensorInfo {
  return runWasm('Transpose', backend, { x }, { perm });
}

function dispose(backend: KernelBackend, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/** Padding of a stride-1 Conv2D written out per side, the form the wasm Conv2D takes verbatim. */
function explicitPad(top: number, bottom: number, left: number, right: number): ExplicitPad {
  return [[0, 0], [top, bottom], [left, right], [0, 0]];
}

/**
 * dW for NHWC x [N,H,W,Ci] and dy [N,OH,OW,Co] as one wasm Conv2D:
 * dW[kh,kw,ci,co] = sum_{n,oh,ow} x[n, oh*s+kh-top, ow*s+kw-left, ci] * dy[n,oh,ow,co],
 * which is a convolution of xT = x^[Ci,H,W,N] (batch Ci, channels N) with the
 * "filter" dyT = dy^[OH,OW,N,Co] at stride 1 and dilation s (the forward
 * stride), output [Ci,KH,KW,Co] -> transpose to [KH,KW,Ci,Co]. The wasm Conv2D
 * accepts dilations (checked against cpu), so strides > 1 need no slow path.
 */
const conv2DBackpropFilter: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const backend = b as KernelBackend;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
    attrs as unknown as Conv2DBackpropFilterAttrs;
  const temps: TensorInfo[] = [];
  let x = inputs.x as TensorInfo;
  let dy = inputs.dy as TensorInfo;
  if (dataFormat === 'NCHW') {
    // The wasm Conv2D only takes channels-last; move both operands there first.
    x = transpose(backend, x, [0, 2, 3, 1]);
    dy = transpose(backend, dy, [0, 2, 3, 1]);
    temps.push(x, dy);
  }
  const xShape = x.shape as Shape4D;
  const info = backend_util.computeConv2DInfo(
    xShape, filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const { inHeight, inWidth, outHeight, outWidth } = info;
  const { top, left } = info.padInfo;
  // Bottom/right padding just large enough that the output has >= KH x KW
  // positions; 'valid' convs that skip trailing input rows give a larger
  // output, which is cropped below.
  const bottom = Math.max(0, (outHeight - 1) * sh + kh - inHeight - top);
  const right = Math.max(0, (outWidth - 1) * sw + kw - inWidth - left);

  const xT = transpose(backend, x, [3, 1, 2, 0]);
  const dyT = transpose(backend, dy, [1, 2, 0, 3]);
  temps.push(xT, dyT);
  let dwT = runWasm('Conv2D', backend, { x: xT, filter: dyT }, {
    strides: 1,
    pad: explicitPad(top, bottom, left, right),
    dataFormat: 'NHWC',
    dilations: [sh, sw],
    dimRoundingMode: 'floor',
  });
  const [ci, rows, cols, co] = dwT.shape;
  if (rows !== kh || cols !== kw) {
    temps.push(dwT);
    dwT = runWasm('Slice', backend, { x: dwT }, { begin: [0, 0, 0, 0], size: [ci, kh, kw, co] });
  }
  temps.push(dwT);
  const dw = transpose(backend, dwT, [1, 2, 0, 3]);
  dispose(backend, ...temps);
  return dw;
};

/**
 * Stride-1 NHWC dx as a forward Conv2D of dy with the filter flipped spatially
 * (Reverse on axes 0,1) and its in/out channels swapped, padded K-1-pad per
 * side. Other cases (stride > 1, NCHW, padding wider than the kernel) keep
 * the shipped kernel: slow but correct.
 */
function makeConv2DBackpropInput(original: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, attrs } = args;
    const backend = args.backend as KernelBackend;
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } =
      attrs as unknown as Conv2DBackpropInputAttrs;
    const dy = inputs.dy as TensorInfo;
    const filter = inputs.filter as TensorInfo;
    if (dataFormat !== 'NHWC') return original(args);
    const info = backend_util.computeConv2DInfo(
      inputShape, filter.shape as Shape4D, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const { top, bottom, left, right } = info.padInfo;
    const { filterHeight: kh, filterWidth: kw } = info;
    const pads = [kh - 1 - top, kh - 1 - bottom, kw - 1 - left, kw - 1 - right];
    if (info.strideHeight !== 1 || info.strideWidth !== 1 || pads.some((p) => p < 0)) {
      return original(args);
    }
    const flipped = runWasm('Reverse', backend, { x: filter }, { dims: [0, 1] });
    const swapped = transpose(backend, flipped, [0, 1, 3, 2]);
    const dx = runWasm('Conv2D', backend, { x: dy, filter: swapped }, {
      strides: 1,
      pad: explicitPad(pads[0], pads[1], pads[2], pads[3]),
      dataFormat: 'NHWC',
      dilations: 1,
      dimRoundingMode: 'floor',
    });
    dispose(backend, flipped, swapped);
    return dx;
  };
}

/**
 * Whether a product a·b or a·bᵀ (a [..., m, k]; b [..., k, n], or [..., n, k] transposed) is cheaper as
 * (bᵀ·aᵀ)ᵀ, counting values moved: XNNPACK packs its right operand on every call (~3× a transpose per
 * value, measured), a transposed b is first transposed, and the swapped route transposes a, packs aᵀ and
 * transposes the [n, m] product (and b, where it is not given transposed). It pays when a is a batch of
 * few rows and b a large kernel: a dense layer's x·W and dy·Wᵀ, e.g. 32×3136 · 3136×512 took ~13 ms
 * direct and ~5.5 ms swapped. Small products stay direct, where the extra kernels' overhead would win.
 */
function swapPays(a: TensorInfo, b: TensorInfo, transposedB: boolean): boolean {
  const m = a.shape[a.shape.length - 2];
  const k = a.shape[a.shape.length - 1];
  const n = transposedB ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1];
  const direct = (transposedB ? 4 : 3) * n * k;
  const swapped = (transposedB ? 0 : n * k) + 4 * m * k + n * m;
  return direct - swapped > 16384;
}

/**
 * Materialises a transposed operand with the fast Transpose kernel, then runs the product on the fast
 * non-transposed path: the shipped kernel's for batch 1, stackedMatMul's for a larger batch. A product
 * whose a is much the smaller runs as (bᵀ·aᵀ)ᵀ instead (swapPays): XNNPACK sums each output over the
 * shared dimension in the same order either way round, so the numbers are the same bit for bit.
 */
function makeBatchMatMul(original: KernelFunc): KernelFunc {
  return (args) => {
    const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
    const backend = args.backend as KernelBackend;
    const temps: TensorInfo[] = [];
    const temp = (t: TensorInfo): TensorInfo => {
      temps.push(t);
      return t;
    };
    const swapLastTwo = (t: TensorInfo): TensorInfo => {
      const perm = t.shape.map((_, i) => i);
      const r = perm.length;
      [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
      return transpose(backend, t, perm);
    };
    const product = (x: TensorInfo, y: TensorInfo): TensorInfo =>
      stackedMatMul(backend, x, y) ??
      (original({ inputs: { a: x, b: y }, backend, attrs: { transposeA: false, transposeB: false } }) as TensorInfo);
    const a = args.inputs.a as TensorInfo;
    const b = args.inputs.b as TensorInfo;
    try {
      if (!transposeA && swapPays(a, b, transposeB)) {
        return swapLastTwo(temp(product(transposeB ? b : temp(swapLastTwo(b)), temp(swapLastTwo(a)))));
      }
      return product(transposeA ? temp(swapLastTwo(a)) : a, transposeB ? temp(swapLastTwo(b)) : b);
    } finally {
      dispose(backend, ...temps);
    }
  };
}

/** Marks kernel functions installed by this module (Symbol.for, so duplicate module copies agree). */
const FIX_MARK = Symbol.for('fedflow.wasmKernelFix');

function isFix(kernelFunc: KernelFunc): boolean {
  return (kernelFunc as KernelFunc & { [FIX_MARK]?: true })[FIX_MARK] === true;
}

/**
 * Replaces kernelName's wasm kernel with wrap(shipped), keeping the shipped
 * setup and dispose hooks (they cwrap the wasm exports the shipped kernel
 * relies on). wrap returns null to leave the registry as it is.
 */
function install(
  kernelName: string,
  wrap: (shipped: KernelFunc | undefined) => KernelFunc | null,
): void {
  const current: KernelConfig | undefined = getKernel(kernelName, WASM);
  if (current !== undefined && isFix(current.kernelFunc)) return;
  const kernelFunc = wrap(current?.kernelFunc);
  if (kernelFunc === null) return;
  Object.defineProperty(kernelFunc, FIX_MARK, { value: true });
  if (current !== undefined) unregisterKernel(kernelName, WASM);
  registerKernel({
    kernelName,
    backendName: WASM,
    kernelFunc,
    setupFunc: current?.setupFunc,
    disposeFunc: current?.disposeFunc,
  });
}

/**
 * Whether wasm's BatchMatMul computes each slice of a stack [K, m, kd] x [K, kd, n] bit for bit as the same
 * product alone: true once the fixes are registered and the wasm backend (the active one) has the
 * internals stackedMatMul relies on.
 */
export function wasmMatMulStacksExactly(backend: KernelBackend): boolean {
  const kernel = getKernel('BatchMatMul', WASM);
  return kernel !== undefined && isFix(kernel.kernelFunc) && wasmInternals(backend) !== null;
}

/**
 * Registers the wasm training-kernel fixes (Conv2DBackpropFilter, fast Conv2DBackpropInput, transposed and
 * stacked BatchMatMul, MaxPoolGrad of non-overlapping windows) and the cohort trainer's own kernels: its
 * stacked output layer (wasmStackedMatMul.ts) and fused SGD and momentum updates (wasmOptimizerKernels.ts); idempotent.
 */
export function registerWasmKernelFixes(): void {
  if (getKernel('Conv2D', WASM) === undefined) {
    throw new Error("registerWasmKernelFixes: import '@tensorflow/tfjs-backend-wasm' first");
  }
  // A future tfjs that ships its own filter gradient keeps it.
  install('Conv2DBackpropFilter', (shipped) => (shipped === undefined ? conv2DBackpropFilter : null));
  install('Conv2DBackpropInput', (shipped) => (shipped === undefined ? null : makeConv2DBackpropInput(shipped)));
  install('BatchMatMul', (shipped) => (shipped === undefined ? null : makeBatchMatMul(shipped)));
  install('MaxPoolGrad', (shipped) => (shipped === undefined ? null : makeMaxPoolGrad(shipped)));
  for (const config of [stackedLinearConfig, ...optimizerKernelConfigs]) {
    if (getKernel(config.kernelName, WASM) === undefined) registerKernel(config);
  }
}

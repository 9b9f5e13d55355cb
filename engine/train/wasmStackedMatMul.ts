// Stacked products on tfjs-backend-wasm 4.22: a matMul of batch K > 1 run as K batch-1 XNNPACK products,
// in place in the wasm heap, and the same with a bias per slice (the cohort trainer's output layer).
//
// The shipped kernel sends batch > 1 to a blocked scalar loop that is slower and sums in another order, so
// slice k of a stack differed from the same product alone. Here each slice of the operands and the output is
// registered under a fresh tensor id that aliases its range of the parent's heap memory, and the module's
// BatchMatMul (or _FusedMatMul) export runs on [1, m, kd] x [1, kd, n] exactly as the shipped kernel calls it
// for a lone product. Fresh ids matter: XNNPACK's packed-weights operator is cached on b's (and the bias's)
// id, and disposing the alias id (the module's dispose_data, which drops the id and its cached operator but
// frees nothing) deletes it.

import { broadcast_util, getKernel } from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * What the stacked products read of tfjs-backend-wasm's internals, as of 4.22.0 (dist/backend_wasm.js and
 * kernels/BatchMatMul.js, kernels/_FusedMatMul.js): the backend's tensor table and id counter, the module's
 * register/dispose exports and its cwrap. Anything else and the shipped kernel runs instead.
 */
interface WasmInternals {
  dataIdNextNumber: number;
  dataIdMap: { get(dataId: object): { id: number; memoryOffset: number | null } | undefined };
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  wasm: {
    _BatchMatMul: unknown;
    __FusedMatMul: unknown;
    cwrap(name: 'BatchMatMul', ret: null, args: string[]): WasmBatchMatMul;
    cwrap(name: '_FusedMatMul', ret: null, args: string[]): WasmFusedMatMul;
    tfjs: { registerTensor(id: number, size: number, offset: number): void; disposeData(id: number): void };
  };
}

/** The module's BatchMatMul export: (aId, aShape, aRank, bId, bShape, bRank, transposeA, transposeB, outId). */
type WasmBatchMatMul = (
  aId: number, aShape: Uint8Array, aRank: number,
  bId: number, bShape: Uint8Array, bRank: number,
  transposeA: number, transposeB: number, outId: number,
) => void;

/** The module's _FusedMatMul export: BatchMatMul's arguments plus activation, bias, prelu weights and alpha. */
type WasmFusedMatMul = (
  aId: number, aShape: Uint8Array, aRank: number,
  bId: number, bShape: Uint8Array, bRank: number,
  transposeA: number, transposeB: number, activation: number, biasId: number, preluId: number, leakyAlpha: number, outId: number,
) => void;

/** The cwrapped exports per wasm module (a backend re-created by tfjs gets a new module). */
const exportsByModule = new WeakMap<object, { matMul: WasmBatchMatMul; fused: WasmFusedMatMul }>();

/** The backend's internals, or null where they are not those of tfjs-backend-wasm 4.22. */
export function wasmInternals(backend: KernelBackend): WasmInternals | null {
  const b = backend as unknown as Partial<WasmInternals>;
  const wasm = b.wasm;
  const ok = typeof b.dataIdNextNumber === 'number' && typeof b.dataIdMap?.get === 'function' &&
    typeof b.makeOutput === 'function' && typeof wasm?.cwrap === 'function' && typeof wasm._BatchMatMul === 'function' &&
    typeof wasm.__FusedMatMul === 'function' && typeof wasm.tfjs?.registerTensor === 'function' && typeof wasm.tfjs.disposeData === 'function';
  return ok ? (b as WasmInternals) : null;
}

function moduleExports(internals: WasmInternals): { matMul: WasmBatchMatMul; fused: WasmFusedMatMul } {
  let fns = exportsByModule.get(internals.wasm);
  if (fns === undefined) {
    const ids = ['number', 'array', 'number', 'number', 'array', 'number', 'number', 'number'];
    fns = {
      matMul: internals.wasm.cwrap('BatchMatMul', null, [...ids, 'number']),
      fused: internals.wasm.cwrap('_FusedMatMul', null, [...ids, 'number', 'number', 'number', 'number', 'number']),
    };
    exportsByModule.set(internals.wasm, fns);
  }
  return fns;
}

const shapeBytes = (shape: number[]): Uint8Array => new Uint8Array(new Int32Array(shape).buffer);

/** Linear: no activation (kernels/types.ts's FusableActivation.linear). */
const LINEAR = 0;

/**
 * a·b (+ bias, one [n] per slice) of float32 stacks [..., m, kd] x [..., kd, n] with batch > 1, as batch-1
 * XNNPACK products; an operand of batch 1 is broadcast by passing its own id for every slice. Returns null
 * (shipped kernel) for anything else: other dtypes, empty shapes, broadcasts beyond batch 1, a bias of
 * another size, or unexpected internals.
 */
function slicedProduct(backend: KernelBackend, a: TensorInfo, b: TensorInfo, bias: TensorInfo | null, minBatch: number): TensorInfo | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || (bias !== null && bias.dtype !== 'float32')) return null;
  const internals = wasmInternals(backend);
  if (internals === null) return null;
  const ar = a.shape.length;
  const br = b.shape.length;
  if (ar < 2 || br < 2) return null;
  const m = a.shape[ar - 2];
  const kd = a.shape[ar - 1];
  const n = b.shape[br - 1];
  if (b.shape[br - 2] !== kd || m * kd * n === 0) return null;
  const batchA = a.shape.slice(0, -2).reduce((x, y) => x * y, 1);
  const batchB = b.shape.slice(0, -2).reduce((x, y) => x * y, 1);
  const batch = Math.max(batchA, batchB);
  if (batch < minBatch || (batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1)) return null;
  const outer = broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  if (outer.reduce((x, y) => x * y, 1) !== batch) return null;
  if (bias !== null && bias.shape.reduce((x, y) => x * y, 1) !== batch * n) return null;
  const aData = internals.dataIdMap.get(a.dataId);
  const bData = internals.dataIdMap.get(b.dataId);
  const biasData = bias === null ? null : internals.dataIdMap.get(bias.dataId);
  if (aData?.memoryOffset == null || bData?.memoryOffset == null || (bias !== null && biasData?.memoryOffset == null)) return null;

  const { matMul, fused } = moduleExports(internals);
  const out = internals.makeOutput([...outer, m, n], 'float32');
  const outOffset = internals.dataIdMap.get(out.dataId)?.memoryOffset;
  if (outOffset == null) {
    backend.disposeData(out.dataId);
    return null;
  }
  const { registerTensor, disposeData } = internals.wasm.tfjs;
  const alias = (offset: number, size: number): number => {
    const id = internals.dataIdNextNumber++;
    registerTensor(id, size, offset);
    return id;
  };
  const aShape = shapeBytes([1, m, kd]);
  const bShape = shapeBytes([1, kd, n]);
  for (let k = 0; k < batch; k++) {
    const aId = batchA === 1 ? aData.id : alias(aData.memoryOffset + 4 * k * m * kd, m * kd);
    const bId = batchB === 1 ? bData.id : alias(bData.memoryOffset + 4 * k * kd * n, kd * n);
    const biasId = biasData == null ? 0 : alias(biasData.memoryOffset! + 4 * k * n, n);
    const outId = alias(outOffset + 4 * k * m * n, m * n);
    try {
      if (biasId === 0) matMul(aId, aShape, 3, bId, bShape, 3, 0, 0, outId);
      else fused(aId, aShape, 3, bId, bShape, 3, 0, 0, LINEAR, biasId, 0, 0, outId);
    } finally {
      for (const id of [aId, bId, biasId, outId]) if (id !== 0 && id !== aData.id && id !== bData.id) disposeData(id);
    }
  }
  return out;
}

/** A non-transposed float32 matMul of batch K > 1 as K batch-1 XNNPACK products, or null (see slicedProduct). */
export function stackedMatMul(backend: KernelBackend, a: TensorInfo, b: TensorInfo): TensorInfo | null {
  return slicedProduct(backend, a, b, null, 2);
}

/**
 * The cohort trainer's output layer: x [K, m, kd] · w [K, kd, n] + bias (K × n values, one row per slice),
 * each slice as wasm's fused matMul-with-bias computes it alone (its sums start from the bias, as the taped
 * Dense layer's do). One kernel instead of splitting, K fused products and a concat.
 */
export const STACKED_LINEAR = 'FedflowStackedLinear';

const stackedLinear: KernelFunc = ({ inputs, backend }) => {
  const { x, w, bias } = inputs as { x: TensorInfo; w: TensorInfo; bias: TensorInfo };
  const out = slicedProduct(backend as KernelBackend, x, w, bias, 1);
  if (out === null) throw new Error(`${STACKED_LINEAR}: needs float32 [K, m, kd] · [K, kd, n] and K × n bias values on tfjs-backend-wasm 4.22`);
  return out;
};

/** The wasm kernel config of STACKED_LINEAR. */
export const stackedLinearConfig: KernelConfig = { kernelName: STACKED_LINEAR, backendName: 'wasm', kernelFunc: stackedLinear };

/** Whether STACKED_LINEAR runs on this (wasm) backend: registered, and the internals it relies on are there. */
export function stackedLinearRuns(backend: KernelBackend): boolean {
  return getKernel(STACKED_LINEAR, 'wasm') !== undefined && wasmInternals(backend) !== null;
}

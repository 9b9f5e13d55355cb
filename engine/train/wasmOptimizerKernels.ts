// Fused optimizer updates for tfjs-backend-wasm: SGD's w − lr·g and momentum's b = m·b + g, w − lr·b, each
// one pass over the wasm heap instead of two or four tfjs ops.
//
// A cohort of 10 seed-MLP clients updates ~1.1M weights a step; as four tfjs ops (mul, add, mul, sub) that
// is four passes of 4 MB arrays, ~15% of a step. The kernels below are a tiny hand-assembled WebAssembly
// module that imports tfjs's own memory and runs the same float32 operations in the same order with SIMD,
// so the numbers are tfjs's bit for bit (IEEE single precision, and wasm has no fused multiply-add to
// change the rounding; tested against the tfjs ops). Where the module cannot be instantiated (no SIMD, or a
// shared memory in a threaded build) the kernels are not registered and the tfjs ops run.
//
// The module, in WebAssembly text:
//   (module (import "env" "memory" (memory 0))
//     (func (export "sgd") (param $w i32) (param $g i32) (param $outW i32) (param $n i32) (param $lr f32)
//       ;; outW[i] = w[i] − g[i]·lr, 4 lanes at a time, then the tail
//     (func (export "momentum") (param $w i32) (param $b i32) (param $g i32) (param $outW i32) (param $outB i32)
//       (param $n i32) (param $lr f32) (param $m f32)
//       ;; outB[i] = b[i]·m + g[i]; outW[i] = w[i] − outB[i]·lr
// Addresses are byte offsets into tfjs's heap; n counts float32 values.

import { getKernel, util } from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

/** Custom kernel: inputs {w, g}, attrs {learningRate}; output w − lr·g. */
export const SGD_STEP = 'FedflowSgdStep';
/** Custom kernel: inputs {w, buf, g}, attrs {learningRate, momentum}; outputs [w − lr·b', b' = m·buf + g]. */
export const MOMENTUM_STEP = 'FedflowMomentumStep';

// ---- a few WebAssembly encodings -------------------------------------------------------------------------
const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;
const op = {
  localGet: 0x20, localSet: 0x21, localTee: 0x22, i32Const: 0x41, i32Add: 0x6a, i32And: 0x71, i32Shl: 0x74, i32GeU: 0x4f,
  f32Load: 0x2a, f32Store: 0x38, f32Add: 0x92, f32Sub: 0x93, f32Mul: 0x94,
  block: 0x02, loop: 0x03, br: 0x0c, brIf: 0x0d, end: 0x0b, void: 0x40,
} as const;
const simd = (code: number): number[] => [0xfd, ...uleb(code)];
const v128Load = [...simd(0x00), 4, 0];
const v128Store = [...simd(0x0b), 4, 0];
const f32x4Splat = simd(0x13);
const f32x4Add = simd(0xe4);
const f32x4Sub = simd(0xe5);
const f32x4Mul = simd(0xe6);
const f32Load = [op.f32Load, 2, 0];
const f32Store = [op.f32Store, 2, 0];

function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

const sleb32 = (value: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
};

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const get = (i: number): number[] => [op.localGet, i];
const set = (i: number): number[] => [op.localSet, i];

/**
 * A loop over byte offsets i from the current value of local `i` while i < local `end`, step `step`:
 * `body` then i += step. Wrapped in a block so the exit branch has somewhere to go.
 */
function loopTo(i: number, end: number, step: number, body: number[]): number[] {
  return [
    op.block, op.void, op.loop, op.void,
    ...get(i), ...get(end), op.i32GeU, op.brIf, 1,
    ...body,
    ...get(i), op.i32Const, ...sleb32(step), op.i32Add, ...set(i),
    op.br, 0, op.end, op.end,
  ];
}

/** local `to` = n·4 rounded down to whole vectors (`vectors`) or not; n is local `n`. */
const byteEnd = (n: number, to: number, vectors: boolean): number[] =>
  [...get(n), ...(vectors ? [op.i32Const, ...sleb32(-4), op.i32And] : []), op.i32Const, 2, op.i32Shl, ...set(to)];

/** `address local + i`, then a load of `load`'s kind. */
const at = (base: number, i: number, load: number[]): number[] => [...get(base), ...get(i), op.i32Add, ...load];

function sgdBody(): number[] {
  // params: 0 w, 1 g, 2 outW, 3 n, 4 lr; locals: 5 i, 6 end, 7 vlr
  const [w, g, outW, n, lr, i, end, vlr] = [0, 1, 2, 3, 4, 5, 6, 7];
  const code = [
    ...get(lr), ...f32x4Splat, ...set(vlr),
    ...byteEnd(n, end, true),
    ...loopTo(i, end, 16, [...get(outW), ...get(i), op.i32Add, ...at(w, i, v128Load), ...at(g, i, v128Load), ...get(vlr), ...f32x4Mul, ...f32x4Sub, ...v128Store]),
    ...byteEnd(n, end, false),
    ...loopTo(i, end, 4, [...get(outW), ...get(i), op.i32Add, ...at(w, i, f32Load), ...at(g, i, f32Load), ...get(lr), op.f32Mul, op.f32Sub, ...f32Store]),
    op.end,
  ];
  return [...vec([[2, I32], [1, V128]]), ...code];
}

function momentumBody(): number[] {
  // params: 0 w, 1 b, 2 g, 3 outW, 4 outB, 5 n, 6 lr, 7 m; locals: 8 i, 9 end, 10 vlr, 11 vm, 12 vb, 13 sb
  const [w, b, g, outW, outB, n, lr, m, i, end, vlr, vm, vb, sb] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  const code = [
    ...get(lr), ...f32x4Splat, ...set(vlr),
    ...get(m), ...f32x4Splat, ...set(vm),
    ...byteEnd(n, end, true),
    ...loopTo(i, end, 16, [
      ...at(b, i, v128Load), ...get(vm), ...f32x4Mul, ...at(g, i, v128Load), ...f32x4Add, ...set(vb),
      ...get(outB), ...get(i), op.i32Add, ...get(vb), ...v128Store,
      ...get(outW), ...get(i), op.i32Add, ...at(w, i, v128Load), ...get(vb), ...get(vlr), ...f32x4Mul, ...f32x4Sub, ...v128Store,
    ]),
    ...byteEnd(n, end, false),
    ...loopTo(i, end, 4, [
      ...at(b, i, f32Load), ...get(m), op.f32Mul, ...at(g, i, f32Load), op.f32Add, ...set(sb),
      ...get(outB), ...get(i), op.i32Add, ...get(sb), ...f32Store,
      ...get(outW), ...get(i), op.i32Add, ...at(w, i, f32Load), ...get(sb), ...get(lr), op.f32Mul, op.f32Sub, ...f32Store,
    ]),
    op.end,
  ];
  return [...vec([[2, I32], [3, V128], [1, F32]]), ...code];
}

function moduleBytes(): Uint8Array {
  const utf8 = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
  const types = section(1, vec([
    [0x60, ...vec([[I32], [I32], [I32], [I32], [F32]]), 0],
    [0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [I32], [F32], [F32]]), 0],
  ]));
  const imports = section(2, vec([[...utf8('env'), ...utf8('memory'), 0x02, 0x00, 0x00]]));
  const functions = section(3, vec([[0], [1]]));
  const exports = section(7, vec([[...utf8('sgd'), 0x00, 0], [...utf8('momentum'), 0x00, 1]]));
  const body = (b: number[]): number[] => [...uleb(b.length), ...b];
  const code = section(10, vec([body(sgdBody()), body(momentumBody())]));
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...functions, ...exports, ...code]);
}

interface UpdateExports {
  sgd(w: number, g: number, outW: number, n: number, lr: number): void;
  momentum(w: number, b: number, g: number, outW: number, outB: number, n: number, lr: number, m: number): void;
}

/** The part of the WebAssembly API used here (the engine's TypeScript libs have no DOM or WebAssembly types). */
interface WasmApi {
  Memory: abstract new (...args: never[]) => object;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** What the kernels read of the wasm backend: its memory, tensor table and output allocation. */
interface HeapBackend {
  wasm: { asm?: { memory?: object } };
  dataIdMap: { get(dataId: object): { memoryOffset: number | null } | undefined };
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
}

const BYTES = moduleBytes();
const instances = new WeakMap<object, UpdateExports | null>();

/** The update module bound to this backend's memory, or null where it cannot run here. */
function updateExports(backend: KernelBackend): UpdateExports | null {
  const b = backend as unknown as Partial<HeapBackend>;
  const memory = b.wasm?.asm?.memory;
  if (wasmApi === undefined || !(memory instanceof wasmApi.Memory) || typeof b.makeOutput !== 'function' || typeof b.dataIdMap?.get !== 'function') return null;
  let fns = instances.get(memory);
  if (fns === undefined) {
    try {
      fns = new wasmApi.Instance(new wasmApi.Module(BYTES), { env: { memory } }).exports as unknown as UpdateExports;
    } catch {
      // No SIMD, or a shared memory (threaded build) this import does not declare.
      fns = null;
    }
    instances.set(memory, fns);
  }
  return fns;
}

function offsetOf(backend: KernelBackend, t: TensorInfo): number {
  const offset = (backend as unknown as HeapBackend).dataIdMap.get(t.dataId)?.memoryOffset;
  if (offset == null) throw new Error('wasmOptimizerKernels: a tensor has no heap memory');
  return offset;
}

const sizeOf = (t: TensorInfo): number => util.sizeFromShape(t.shape);

function sameSize(...ts: TensorInfo[]): void {
  const n = sizeOf(ts[0]);
  if (ts.some((t) => t.dtype !== 'float32' || sizeOf(t) !== n)) throw new Error('wasmOptimizerKernels: float32 tensors of one size expected');
}

const sgdStep: KernelFunc = ({ inputs, backend, attrs }) => {
  const { w, g } = inputs as { w: TensorInfo; g: TensorInfo };
  const fns = updateExports(backend as KernelBackend)!;
  sameSize(w, g);
  const out = (backend as unknown as HeapBackend).makeOutput(w.shape, 'float32');
  const k = backend as KernelBackend;
  fns.sgd(offsetOf(k, w), offsetOf(k, g), offsetOf(k, out), sizeOf(w), attrs!.learningRate as number);
  return out;
};

const momentumStep: KernelFunc = ({ inputs, backend, attrs }) => {
  const { w, buf, g } = inputs as { w: TensorInfo; buf: TensorInfo; g: TensorInfo };
  const fns = updateExports(backend as KernelBackend)!;
  sameSize(w, buf, g);
  const heap = backend as unknown as HeapBackend;
  const outW = heap.makeOutput(w.shape, 'float32');
  const outB = heap.makeOutput(w.shape, 'float32');
  const k = backend as KernelBackend;
  fns.momentum(offsetOf(k, w), offsetOf(k, buf), offsetOf(k, g), offsetOf(k, outW), offsetOf(k, outB), sizeOf(w), attrs!.learningRate as number, attrs!.momentum as number);
  return [outW, outB];
};

/** The wasm kernel configs of SGD_STEP and MOMENTUM_STEP. */
export const optimizerKernelConfigs: KernelConfig[] = [
  { kernelName: SGD_STEP, backendName: 'wasm', kernelFunc: sgdStep },
  { kernelName: MOMENTUM_STEP, backendName: 'wasm', kernelFunc: momentumStep },
];

/** Whether the fused updates run on this backend (wasm, with the kernels registered and the module instantiable). */
export function fusedUpdatesRun(backend: KernelBackend): boolean {
  return getKernel(MOMENTUM_STEP, 'wasm') !== undefined && getKernel(SGD_STEP, 'wasm') !== undefined && updateExports(backend) !== null;
}

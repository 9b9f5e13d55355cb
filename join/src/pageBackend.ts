/**
 * Which TensorFlow.js backend the page trains on, and starting it. Two choices: "Same numbers as the
 * server" (the default) trains on the server's backend where that is wasm or cpu, else wasm, so the
 * page's updates are a Node client's bit for bit; "Fastest this browser has" tries WebGPU, then WebGL,
 * then wasm, and keeps the first that starts (GPU numbers differ from the server's in the last digits).
 * The GPU backends are loaded only when tried (their own script files, from the page's origin).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { registerWasmKernelFixes } from '../../engine/train/wasmKernels.js';

/** A backend the page can train on. */
export type PageBackend = 'wasm' | 'cpu' | 'webgl' | 'webgpu';

/** The student's choice on the page. */
export type BackendChoice = 'same' | 'fastest';

/** The backends to try, in order, for a server that trains on `server`. */
export function pageBackendsFor(server: string, choice: BackendChoice): PageBackend[] {
  switch (choice) {
    case 'same':
      return [server === 'cpu' ? 'cpu' : 'wasm'];
    case 'fastest':
      return ['webgpu', 'webgl', 'wasm'];
  }
}

/** What started: the backend, and why each one tried before it did not (one short phrase each). */
export interface StartedBackend {
  backend: PageBackend;
  skipped: string[];
}

/** Why WebGPU cannot be used here, or undefined where a hardware adapter answers. */
async function webGpuProblem(): Promise<string | undefined> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<{ info?: { isFallbackAdapter?: boolean }; isFallbackAdapter?: boolean } | null> } }).gpu;
  if (!gpu) return 'this browser has no WebGPU';
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (!adapter) return 'WebGPU has no adapter here';
  // A fallback adapter is the CPU pretending to be a GPU: slower than wasm, as the engine's `auto` judges it too.
  if (adapter.info?.isFallbackAdapter || adapter.isFallbackAdapter) return 'WebGPU offers only a software adapter';
  return undefined;
}

/** Starts one backend; returns why it did not start, or undefined once it runs. */
async function tryBackend(backend: PageBackend): Promise<string | undefined> {
  switch (backend) {
    case 'webgpu': {
      const problem = await webGpuProblem();
      if (problem) return problem;
      await import('@tensorflow/tfjs-backend-webgpu');
      break;
    }
    case 'webgl':
      await import('@tensorflow/tfjs-backend-webgl');
      break;
    case 'wasm':
      setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });
      registerWasmKernelFixes();
      break;
    case 'cpu':
      break;
  }
  const started = await tf.setBackend(backend).catch(() => false);
  if (!started) return `${backend} did not start in this browser`;
  await tf.ready();
  return tf.getBackend() === backend ? undefined : `${backend} did not start in this browser`;
}

/**
 * Starts the first of `candidates` that runs, once per page, as the engine's startBackend does (prod mode,
 * and for wasm the engine's own kernel fixes). The .wasm files are the ones this build emitted beside the
 * script; the page is not cross-origin isolated, so wasm runs single-threaded with SIMD, as in Node.
 */
export async function startPageBackend(candidates: readonly PageBackend[]): Promise<StartedBackend> {
  tf.enableProdMode();
  const skipped: string[] = [];
  for (const backend of candidates) {
    const problem = await tryBackend(backend);
    if (problem === undefined) return { backend, skipped };
    skipped.push(problem);
  }
  throw new Error(`no backend started in this browser (${skipped.join('; ')})`);
}

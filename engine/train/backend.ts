/**
 * Choosing and starting a TensorFlow.js backend. wasm ships in npm and is the default; webgpu (Dawn, from
 * npm) runs on any vendor's GPU that has a Vulkan, Metal or D3D12 driver; tfjs-node and tfjs-node-gpu are
 * used when the user has installed them. `auto` is resolved once, on the coordinator, so every worker runs
 * the same backend and the run reports which one.
 */
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from '../format/pipeline.js';
import {
  ALLOW_SOFTWARE_ENV,
  describeAdapter,
  installWebGpu,
  missingVulkan,
  probeAdapter,
  requestAdapter,
  softwareAllowed,
  type AdapterReport,
} from './webgpuNode.js';

/** A backend that a run can actually use (`auto` resolved). */
export type ConcreteBackend = Exclude<BackendName, 'auto'>;

/** Raised when a requested backend cannot start; the run stops rather than silently falling back. */
export class BackendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendError';
  }
}

const NODE_PACKAGES = { node: '@tensorflow/tfjs-node', 'node-gpu': '@tensorflow/tfjs-node-gpu' } as const;

function isInstalled(pkg: string): boolean {
  try {
    createRequire(import.meta.url).resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves `auto` to the fastest backend this machine has: webgpu where a hardware GPU adapter exists
 * (never a software one such as SwiftShader), then tfjs-node-gpu, then tfjs-node where installed, else
 * wasm. Probing for an adapter costs under 1 ms where Vulkan is plainly missing, else ~150 ms (a child
 * process, killed after 5 s), once per process.
 */
export async function resolveBackend(requested: BackendName): Promise<ConcreteBackend> {
  if (requested !== 'auto') return requested;
  const probe = await probeAdapter();
  if (probe.adapter && !probe.adapter.software) return 'webgpu';
  if (isInstalled(NODE_PACKAGES['node-gpu'])) return 'node-gpu';
  if (isInstalled(NODE_PACKAGES.node)) return 'node';
  return 'wasm';
}

/** Backends that own a device or a native addon loadable by one thread per process: they get one worker. */
export function needsSingleWorker(backend: ConcreteBackend): boolean {
  return backend === 'node' || backend === 'node-gpu' || backend === 'webgpu';
}

let started: ConcreteBackend | null = null;
let adapter: AdapterReport | null = null;

/** The GPU adapter this thread's backend runs on (webgpu only), as events and the CLI header name it. */
export function backendAdapter(): string | undefined {
  return adapter?.name;
}

/** Loads Dawn, checks its adapter and registers tfjs's webgpu backend, or says why it cannot start. */
async function prepareWebGpu(): Promise<void> {
  const failed = (why: string) => new BackendError(`The webgpu backend cannot start: ${why}. Choose --backend wasm (or auto) instead.`);
  // Where Vulkan is plainly missing, say so without loading Dawn (which would print its own warnings).
  const missing = missingVulkan();
  if (missing) throw failed(`no WebGPU adapter: ${missing}`);
  let found: GPUAdapter | null;
  try {
    found = await requestAdapter(await installWebGpu());
  } catch (e) {
    throw failed((e as Error).message.split('\n')[0].replace(/\.$/, ''));
  }
  if (!found) throw failed('no WebGPU adapter: Dawn found no usable GPU driver');
  const report = describeAdapter(found);
  if (report.software && !softwareAllowed()) {
    throw failed(
      `its only adapter is a software renderer (${report.name}), slower than wasm; install your GPU's Vulkan driver, or set ${ALLOW_SOFTWARE_ENV}=1 to use it anyway (for tests)`,
    );
  }
  await import('@tensorflow/tfjs-backend-webgpu');
  adapter = report;
}

/**
 * Turns a failure while training on a backend into a BackendError saying why, where it is the backend's
 * fault: on webgpu, a kernel tfjs-backend-webgpu lacks. Other errors pass through unchanged.
 */
export function explainBackendFailure(e: unknown, backend: ConcreteBackend): unknown {
  const message = (e as Error)?.message ?? '';
  const kernel = /Kernel '(\w+)' not registered for backend '(\w+)'/.exec(message);
  if (kernel) {
    const other = backend === 'wasm' ? 'cpu' : 'wasm';
    return new BackendError(`The ${backend} backend lacks the ${kernel[1]} operation this model needs (tfjs ${tf.version_core}). Choose --backend ${other} instead.`);
  }
  return e;
}

/** Starts a backend in this thread (once); later calls with another backend are refused. */
export async function startBackend(backend: ConcreteBackend): Promise<string> {
  if (started === backend) return tf.getBackend();
  if (started !== null) throw new BackendError(`This thread already runs the ${started} backend; cannot switch to ${backend}.`);
  tf.enableProdMode();
  switch (backend) {
    case 'wasm': {
      await import('@tensorflow/tfjs-backend-wasm');
      const { registerWasmKernelFixes } = await import('./wasmKernels.js');
      registerWasmKernelFixes();
      break;
    }
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      break;
    case 'webgpu':
      await prepareWebGpu();
      break;
    case 'node':
    case 'node-gpu': {
      const pkg = NODE_PACKAGES[backend];
      try {
        await import(pkg);
      } catch (e) {
        throw new BackendError(
          `The ${backend} backend needs ${pkg}, which could not be loaded (${(e as Error).message.split('\n')[0]}). Install it with \`npm install ${pkg}\`, or choose --backend wasm.`,
        );
      }
      break;
    }
  }
  const name = backend === 'node' || backend === 'node-gpu' ? 'tensorflow' : backend;
  if (!(await tf.setBackend(name))) throw new BackendError(`The ${backend} backend failed to start.`);
  await tf.ready();
  started = backend;
  return tf.getBackend();
}

/**
 * Choosing and starting a TensorFlow.js backend. wasm ships in npm and is the default; tfjs-node and
 * tfjs-node-gpu are used when the user has installed them. `auto` is resolved once, on the coordinator,
 * so every worker runs the same backend and the run reports which one.
 */
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from '../format/pipeline.js';

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

/** Resolves `auto` to the fastest installed backend: tfjs-node-gpu, then tfjs-node, else wasm. */
export function resolveBackend(requested: BackendName): ConcreteBackend {
  if (requested !== 'auto') return requested;
  if (isInstalled(NODE_PACKAGES['node-gpu'])) return 'node-gpu';
  if (isInstalled(NODE_PACKAGES.node)) return 'node';
  return 'wasm';
}

/** Backends whose native addon may be loaded by one thread per process only, so they get one worker. */
export function needsSingleWorker(backend: ConcreteBackend): boolean {
  return backend === 'node' || backend === 'node-gpu';
}

let started: ConcreteBackend | null = null;

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

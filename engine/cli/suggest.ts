/** "Did you mean …?": the nearest known word to a mistyped one, and what common backend names stand for. */
import type { BackendName } from '../format/pipeline.js';
import { closest } from '../text/closest.js';

export { closest, editDistance } from '../text/closest.js';

/**
 * What people type for a backend, and the backends that give it: CUDA is TensorFlow's native GPU build
 * (tfjs-node-gpu), TensorFlow alone its native CPU build, Vulkan/Metal/Direct3D are WebGPU's (Dawn's); a
 * plain "gpu" may mean either GPU path.
 */
const BACKEND_ALIASES: Readonly<Record<string, readonly BackendName[]>> = {
  cuda: ['node-gpu'],
  cudnn: ['node-gpu'],
  nvidia: ['node-gpu', 'webgpu'],
  gpu: ['webgpu', 'node-gpu'],
  'tensorflow-gpu': ['node-gpu'],
  'tfjs-node-gpu': ['node-gpu'],
  tensorflow: ['node'],
  tf: ['node'],
  native: ['node'],
  'tfjs-node': ['node'],
  vulkan: ['webgpu'],
  metal: ['webgpu'],
  dawn: ['webgpu'],
  d3d12: ['webgpu'],
  directx: ['webgpu'],
  amd: ['webgpu'],
  intel: ['webgpu'],
  js: ['cpu'],
  javascript: ['cpu'],
  webassembly: ['wasm'],
  default: ['auto'],
};

/** What each backend is, in a few words, for the suggestion. */
const BACKEND_WORDS: Readonly<Record<BackendName, string>> = {
  auto: 'the best one this machine has',
  wasm: 'WebAssembly, ships with FedFlow',
  cpu: 'plain JavaScript, slow',
  webgpu: 'any GPU, through Vulkan, Metal or Direct3D 12',
  node: "TensorFlow's native CPU build, needs @tensorflow/tfjs-node",
  'node-gpu': "TensorFlow's CUDA build, needs @tensorflow/tfjs-node-gpu",
};

/** The backends a name that is not one most likely meant: known aliases (cuda → node-gpu) or a typo's correction. */
export function suggestBackends(name: string, backends: readonly BackendName[]): BackendName[] {
  const key = name.trim().toLowerCase();
  const alias = BACKEND_ALIASES[key];
  if (alias) return alias.filter((b) => backends.includes(b));
  const typo = closest(key.replace(/[\s_]+/g, '-'), backends);
  return typo ? [typo as BackendName] : [];
}

/** "did you mean webgpu (any GPU …) or node-gpu (…)?", or '' when nothing is near. */
export function backendHint(name: string, backends: readonly BackendName[]): string {
  const options = suggestBackends(name, backends).map((b) => `${b} (${BACKEND_WORDS[b]})`);
  return options.length === 0 ? '' : ` Did you mean ${options.join(' or ')}?`;
}

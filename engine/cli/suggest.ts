/** "Did you mean …?": the nearest known word to a mistyped one, and what common backend names stand for. */
import type { BackendName } from '../format/pipeline.js';

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  // Optimal string alignment: Levenshtein plus transpositions, so `--roudns` is one edit from `--rounds`.
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The known word closest to `word`, when it is close enough to be a typo: at most 2 edits, and fewer than
 * half the word's length (so `-x` does not become `-o`); ties go to the earlier word. A known word that
 * starts with `word` (an abbreviation such as `--round`) counts as one edit away.
 */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = candidate.startsWith(word) && word.length >= 3 ? 1 : editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= 2 && bestDistance < word.length / 2 ? best : undefined;
}

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

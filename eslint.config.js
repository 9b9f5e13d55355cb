import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/*
 * Import boundaries. Each folder has one `no-restricted-imports` block (flat config replaces a rule's
 * options rather than merging them, so the blocks' `files` must not overlap). Patterns are regexes over
 * the import's source text, so they match relative paths (`../../../engine/run/run.js`) as well as
 * package names. test/lint/boundaries.test.ts checks that they still fire. The rule sees only a file's
 * own static imports; what a renderer import pulls in transitively is caught by the renderer's
 * type-check (renderer/tsconfig.json has no Node types, so `node:*` anywhere below it fails the build).
 */

/** The renderer is a page: no Node, no threads, no TensorFlow, no Electron, none of the engine's runtime. */
const rendererBoundaries = {
  paths: builtinModules.map((name) => ({ name, message: 'The renderer runs in a browser page; Node builtins are not there.' })),
  patterns: [
    {
      regex: '^node:',
      message: 'The renderer runs in a browser page; Node builtins are not there.',
    },
    {
      // metricsCsv is a pure function of a RunSummary (the CSV download); events is types only, below.
      regex: '(^|/)engine/run(/(?!(events|metricsCsv)\\.js$)|$)',
      message: "The renderer talks to runs through the HostApi; engine/run is the engine's runtime (threads, TensorFlow).",
    },
    {
      regex: '(^|/)engine/run/events\\.js$',
      allowTypeImports: true,
      message: 'Use `import type` from engine/run/events: the renderer needs its types, not its code.',
    },
    {
      regex: '(^|/)engine/train(/|$)',
      message: 'Training runs in the host (worker threads), never in the page.',
    },
    {
      regex: '(^|/)[^/]*worker[^/]*$',
      message: 'Worker files belong to the engine; the page starts no workers.',
    },
    {
      regex: '^(piscina|@tensorflow/[^/]+)(/|$)',
      message: "The renderer must not bundle the engine's thread pool or TensorFlow.js; use the HostApi.",
    },
    {
      regex: '(^|/)electron(/|$)',
      message: "The renderer reaches Electron only through the preload's window.fedflow (renderer/src/host.ts).",
    },
  ],
};

const BROWSER_SAFE_ENGINE = 'engine/{protocol,server,nodes,strategy,sim,compress,secagg,privacy,attack}/**/*.ts';

/** The engine is a plain library and CLI: it knows nothing of the workbench or the desktop app. */
const engineBoundaries = {
  patterns: [
    {
      regex: '(^|/)(renderer|electron)(/|$)',
      message: 'The engine is a plain TypeScript library: it may not import the renderer or Electron.',
    },
  ],
};

/**
 * The engine's browser-safe folders: the protocol, the server's strategies, the node-kind specs, the
 * pure aggregation rules and the update compressors and secure aggregation run in a page too (browser clients, the renderer),
 * so no Node, no threads, no TensorFlow, and engine/run (the Node runtime) for its types only. Node-only
 * code lives in run/, train/, host/, cli/ and data/.
 */
const browserSafeEngineBoundaries = {
  paths: rendererBoundaries.paths.map((p) => ({ ...p, message: 'This engine folder is browser-safe; Node builtins belong in run/, train/, host/ or cli/.' })),
  patterns: [
    ...engineBoundaries.patterns,
    { regex: '^node:', message: 'This engine folder is browser-safe; Node builtins belong in run/, train/, host/ or cli/.' },
    { regex: '(^|/)run/', allowTypeImports: true, message: 'Browser-safe engine code takes only types from engine/run (the Node runtime).' },
    { regex: '(^|/)train/', message: 'Training code (TensorFlow.js backends) is Node-side; browser-safe engine code may not import it.' },
    { regex: '^(piscina|@tensorflow/[^/]+)(/|$)', message: 'Browser-safe engine code may not import the thread pool or TensorFlow.js.' },
  ],
};

/** Electron loads the built renderer as a page (dist/renderer); it does not import its sources. */
const electronBoundaries = {
  patterns: [
    {
      regex: '(^|/)renderer(/|$)',
      message: 'Electron loads the built renderer (dist/renderer) as a page; it may not import renderer sources.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bin/**', 'schema/**', '.tmp-export-test/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The two classic hooks rules only, both errors: a warning does not fail `npm test`, so a stale
    // closure (a missing effect dependency) would pass unnoticed. The plugin's `recommended` preset also
    // turns on the React Compiler's rules (set-state-in-effect, refs, immutability), which ask for
    // restructuring components rather than fixing bugs; they are not enabled here.
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  { files: ['renderer/**/*.{ts,tsx}'], rules: { 'no-restricted-imports': ['error', rendererBoundaries] } },
  { files: ['engine/**/*.ts'], ignores: [BROWSER_SAFE_ENGINE], rules: { 'no-restricted-imports': ['error', engineBoundaries] } },
  { files: [BROWSER_SAFE_ENGINE], rules: { 'no-restricted-imports': ['error', browserSafeEngineBoundaries] } },
  { files: ['electron/**/*.{ts,cts}'], rules: { 'no-restricted-imports': ['error', electronBoundaries] } },
);

/**
 * FedFlow Studio's engine: the one public entry that the CLI, the desktop and web hosts and exported
 * scripts import. Pure TypeScript over TensorFlow.js: no DOM, no Electron.
 */
export * from './format/index.js';
export * from './data/index.js';
export * from './split/index.js';
export * from './model/index.js';
export * from './strategy/index.js';
export * from './run/index.js';
export * from './protocol/index.js';
export * from './server/index.js';
export { Rng, deriveSeed } from './random/rng.js';
export { resolveBackend, startBackend, BackendError, type ConcreteBackend } from './train/backend.js';
export * from './format/pipelineBuilder.js';
export * from './export/index.js';
export * from './records/index.js';
export * from './sweep/index.js';
export * from './attack/index.js';

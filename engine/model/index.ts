/** Model architectures: specs, weight layouts, seeded initial weights and tfjs models. */
export * from './modelSpec.js';
export * from './initialWeights.js';
export * from './buildModel.js';

export * from './analyticInversion.js';
export * from './gradientLeakage.js';
export * from './inversionAttacks.js';
export * from './labelInference.js';
export * from './mse.js';
export * from './ssim.js';
export * from './describeLeakage.js';

/** Differential privacy: clipping, Gaussian noise, adaptive clipping, local DP and the RDP accountant (browser-safe). */
export * from './clip.js';
export * from './gaussianNoise.js';
export * from './adaptiveClipping.js';
export * from './rdpAccountant.js';
export * from './localDp.js';

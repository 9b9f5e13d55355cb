/** Parameter sweeps: a grid of settings × seeds, each point a stored run, and the results table. */
export * from './sweepSettings.js';
export * from './sweepGrid.js';
export * from './sweepTable.js';
export * from './runSweep.js';

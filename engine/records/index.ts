/** The run store: run folders (manifest, event log, results), listing, reading, comparing and deleting them. */
export * from './manifest.js';
export * from './eventLog.js';
export * from './runFolder.js';
export * from './runStore.js';
export * from './runStoreError.js';
export * from './compareRuns.js';
export * from './documentDiff.js';
export * from './runsCsv.js';
export * from './federationResults.js';
export { liveness, currentProcess, type ProcessIdentity, type Liveness } from './processIdentity.js';
export type { RunRecordInfo } from './runRecorder.js';
export type { EnvironmentFacts } from './environmentFacts.js';

/** Running pipelines: plan, coordinator, events and results. */
export type * from './events.js';
export * from './run.js';
export * from './plan.js';
export * from './checkPipeline.js';
export { FederationStopped } from './federation.js';
export * from './metricsCsv.js';
export { saveResults } from './saveResults.js';
export { writeFileAtomic } from '../fs/atomicWrite.js';

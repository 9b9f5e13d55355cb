/** The pipeline format: document schema, params, ports, validation and migrations. */
export * from './nodeKinds.js';
export * from './params.js';
export * from './pipeline.js';
export * from './ports.js';
export * from './problems.js';
export * from './migrate.js';
export * from './validate.js';
export * from './graph.js';
export * from './clientSelection.js';
export * from './resolveParams.js';
export * from './readPipelineFile.js';
export { pipelineJsonSchema } from './writeSchema.js';

/** The data sets: loading them into shared memory, and the types they come in. */
export * from './dataset.js';
export * from './datasetError.js';
export * from './csv.js';
export * from './csvParser.js';
export * from './csvMissing.js';
export * from './idx.js';
export * from './mnist.js';
export * from './synthetic.js';
export * from './sharedArrays.js';
export * from './loadDataset.js';

/** The data splitters (partitioners), named as in Flower's flwr-datasets. */
export * from './partition.js';
export * from './checkSplit.js';
export * from './iid.js';
export * from './dirichlet.js';
export * from './pathological.js';
export * from './quantity.js';
export * from './natural.js';
export * from './packPartition.js';
export * from './splitDataset.js';
export * from './labelStats.js';

/** A planned run's partitions as events and reports carry them: label counts and hold-out sizes per client. */
import type { Dataset } from '../data/dataset.js';
import type { Partition } from '../split/partition.js';
import type { PartitionInfo } from './events.js';
import type { RunPlan } from './plan.js';

/** One split's partition of `dataset`, as PartitionInfo. */
export function partitionInfoOf(splitId: string, p: Partition, dataset: Dataset | undefined): PartitionInfo {
  return {
    splitId,
    numClients: p.numClients,
    labelCounts: p.labelCounts,
    holdoutSizes: Array.from({ length: p.numClients }, (_, c) => p.holdoutOffsets[c + 1] - p.holdoutOffsets[c]),
    classNames: dataset ? dataset.classNames : [],
  };
}

/** Each split's partition of a planned run, with the class names of the data set it splits. */
export function partitionInfo(plan: RunPlan): PartitionInfo[] {
  return [...plan.partitions.entries()].map(([splitId, p]) => {
    const datasetId = plan.federations.find((f) => f.groups.some((g) => g.splitId === splitId))?.datasetId;
    return partitionInfoOf(splitId, p, datasetId ? plan.datasets.get(datasetId) : undefined);
  });
}

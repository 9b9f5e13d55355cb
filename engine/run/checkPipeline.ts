/**
 * Checking a pipeline as far as a run would before its first round: validation, then planning (loading
 * every data set and splitting it). What only the data can tell — a natural split's client count, a label
 * column, a file's shape or absence — is found here, as problems naming the node and field. `fedflow
 * validate` and the workbench's host both call this one function, so the editor shows what the CLI says.
 */
import type { PipelineDocument } from '../format/pipeline.js';
import { hasErrors, PipelineError } from '../format/problems.js';
import { validatePipeline } from '../format/validate.js';
import { datasetWarnings } from './datasetNotes.js';
import type { PartitionInfo } from './events.js';
import { partitionInfo, partitionInfoOf } from './partitionInfo.js';
import type { PipelineCheck } from './pipelineCheck.js';
import { planRun, type PlanOptions } from './plan.js';

export type { PipelineCheck } from './pipelineCheck.js';

/** Options of checkPipeline: those of planRun that a check needs (baseDir, workers, backend, problems already found). */
export type CheckOptions = Pick<PlanOptions, 'baseDir' | 'workers' | 'backend' | 'problems'>;

/**
 * Validates `doc` and, when that finds no error, plans a run of it. An error that is not a PipelineError
 * (a bug, not the document's fault) is thrown, as planRun throws it.
 */
export async function checkPipeline(doc: PipelineDocument, options: CheckOptions): Promise<PipelineCheck> {
  const problems = [...(options.problems ?? validatePipeline(doc))];
  if (hasErrors(problems)) return { problems };
  // The splits made before a later step failed: their partitions are shown all the same.
  const made: PartitionInfo[] = [];
  try {
    // A remote split's clients are checked when they join (fedflow serve); here its document is as valid as any.
    const plan = await planRun(doc, { ...options, problems, remoteClients: true, onPartition: (id, p, dataset) => made.push(partitionInfoOf(id, p, dataset)) });
    // Loading the data is part of checking: what it changed (rows with missing values left out) is said too.
    return { problems: [...problems, ...plan.warnings, ...datasetWarnings(plan)], partitions: partitionInfo(plan), estimate: plan.estimate };
  } catch (e) {
    if (!(e instanceof PipelineError)) throw e;
    return { problems: [...problems, ...e.problems], ...(made.length > 0 ? { partitions: made } : {}) };
  }
}

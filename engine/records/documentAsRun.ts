/** The document a run actually ran: what the command line or the host changed, written into a copy. */
import type { PipelineDocument } from '../format/pipeline.js';
import type { RunOverrides } from './manifest.js';

/** A copy of `doc` with the overrides applied as the planner applies them (rounds on every aggregator). */
export function documentAsRun(doc: PipelineDocument, overrides: RunOverrides): PipelineDocument {
  const copy = structuredClone(doc);
  if (overrides.seed !== undefined) copy.seed = overrides.seed;
  if (overrides.backend !== undefined) copy.settings.backend = overrides.backend as PipelineDocument['settings']['backend'];
  if (overrides.workers !== undefined) copy.settings.workers = overrides.workers;
  if (overrides.cohort !== undefined) copy.settings.cohort = overrides.cohort;
  if (overrides.rounds !== undefined) {
    for (const node of copy.nodes) if (node.kind === 'aggregator') node.params = { ...node.params, rounds: overrides.rounds };
  }
  return copy;
}

/**
 * The pipeline setting `cohort: 'auto' | 'off'` (train a worker's clients of a round together, or one by
 * one). The bench asks for it where this build's pipeline settings know the field; before that, the parser
 * would silently drop it, so the bench leaves it out and says the engine's default ran.
 */
import { pipelineSettings } from '../engine/format/pipeline.js';

export type CohortSetting = 'auto' | 'off';

/** Whether this build's pipeline documents take `settings.cohort`. */
export const HAS_COHORT_SETTING = 'cohort' in pipelineSettings.shape;

/** The document settings that ask for a cohort mode, or none where the field does not exist yet. */
export function cohortSettings(cohort: CohortSetting): Record<string, unknown> {
  return HAS_COHORT_SETTING ? { cohort } : {};
}

/** How a figure's cohort mode reads in the table. */
export function describeCohort(cohort: CohortSetting): string {
  return HAS_COHORT_SETTING ? `cohort ${cohort}` : 'no cohort setting in this build';
}

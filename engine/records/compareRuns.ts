/** Comparing runs: their final figures side by side, and the settings that differ between their documents. */
import { documentDiff, type DocumentDifference } from './documentDiff.js';
import type { RunDetails, RunListing } from './runRecordTypes.js';

/** What `fedflow runs compare` shows (and the workbench's comparison will). */
export interface RunComparison {
  runs: Pick<RunListing, 'id' | 'name' | 'status' | 'seed' | 'backend' | 'durationMs' | 'federations' | 'startedAt'>[];
  differences: DocumentDifference[];
}

/** Compares runs read whole. */
export function compareRuns(runs: readonly RunDetails[]): RunComparison {
  return {
    runs: runs.map(({ id, name, status, seed, backend, durationMs, federations, startedAt }) => ({ id, name, status, seed, backend, durationMs, federations, startedAt })),
    differences: documentDiff(runs.map((r) => r.manifest.document)),
  };
}

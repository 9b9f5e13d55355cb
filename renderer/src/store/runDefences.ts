/**
 * The defence table of the run the workbench shows: the engine's (engine/export/defenceTable.ts, as the
 * report and the CLI have it) from the run's document and the summary rebuilt from its rounds, so it
 * fills in while the run goes. Pure and DOM-free.
 */
import { defenceTable, type DefenceTable } from '../../../engine/export/defenceTable.js';
import { summaryFromRunState } from './runExport.js';
import type { RunState } from './runState.js';

/** The run's defence table; undefined before a run, or where no federation faces an attacker. */
export function runDefenceTable(state: RunState): DefenceTable | undefined {
  const summary = summaryFromRunState(state);
  return state.doc && summary ? defenceTable(state.doc, summary) : undefined;
}

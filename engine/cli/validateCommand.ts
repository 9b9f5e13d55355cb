/** `fedflow validate <file>`: every problem of a pipeline, including those found by loading its data, and what a run would cost. */
import { dirname } from 'node:path';
import { formatProblem, hasErrors, PipelineError, type Problem } from '../format/problems.js';
import { readPipelineFile } from '../format/readPipelineFile.js';
import { describeEstimate, type RunEstimate } from '../model/runEstimate.js';
import { datasetWarnings } from '../run/datasetNotes.js';
import { planRun } from '../run/plan.js';

/** Validates a file; prints problems and the run's estimate; returns the exit code (0 valid, 2 invalid). */
export async function validateCommand(file: string, json: boolean, out: (line: string) => void): Promise<number> {
  const { doc, problems } = await readPipelineFile(file);
  const all: Problem[] = [...problems];
  let estimate: RunEstimate | undefined;
  if (doc && !hasErrors(problems)) {
    try {
      const plan = await planRun(doc, { baseDir: dirname(file) });
      // Loading the data is part of validating: what it changed (rows with missing values left out) is said here too.
      all.push(...plan.warnings, ...datasetWarnings(plan));
      estimate = plan.estimate;
    } catch (e) {
      if (!(e instanceof PipelineError)) throw e;
      all.push(...e.problems);
    }
  }
  if (json) out(JSON.stringify({ file, valid: !hasErrors(all), problems: all, ...(estimate ? { estimate } : {}) }));
  else {
    if (all.length === 0) out(`${file}: valid`);
    else for (const p of all) out(formatProblem(p, file));
    if (estimate) out(describeEstimate(estimate));
  }
  return hasErrors(all) ? 2 : 0;
}

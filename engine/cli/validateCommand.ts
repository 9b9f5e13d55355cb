/** `fedflow validate <file>`: every problem of a pipeline, including those found by loading its data, and what a run would cost. */
import { dirname } from 'node:path';
import { formatProblem, hasErrors, type Problem } from '../format/problems.js';
import { readPipelineFile } from '../format/readPipelineFile.js';
import { describeEstimate, type RunEstimate } from '../model/runEstimate.js';
import { checkPipeline } from '../run/checkPipeline.js';

/** Validates a file; prints problems and the run's estimate; returns the exit code (0 valid, 2 invalid). */
export async function validateCommand(file: string, json: boolean, out: (line: string) => void): Promise<number> {
  const { doc, problems } = await readPipelineFile(file);
  let all: Problem[] = [...problems];
  let estimate: RunEstimate | undefined;
  if (doc && !hasErrors(problems)) {
    // The same check the workbench's host runs (engine/run/checkPipeline.ts): the editor shows what this prints.
    const check = await checkPipeline(doc, { baseDir: dirname(file), problems });
    all = check.problems;
    estimate = check.estimate;
  }
  if (json) out(JSON.stringify({ file, valid: !hasErrors(all), problems: all, ...(estimate ? { estimate } : {}) }));
  else {
    if (all.length === 0) out(`${file}: valid`);
    else for (const p of all) out(formatProblem(p, file));
    if (estimate) out(describeEstimate(estimate));
  }
  return hasErrors(all) ? 2 : 0;
}

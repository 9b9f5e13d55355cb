/** `fedflow validate <file>`: every problem of a pipeline, including those found by loading its data. */
import { dirname } from 'node:path';
import { formatProblem, hasErrors, PipelineError, type Problem } from '../format/problems.js';
import { readPipelineFile } from '../format/readPipelineFile.js';
import { planRun } from '../run/plan.js';

/** Validates a file; prints problems; returns the exit code (0 valid, 2 invalid). */
export async function validateCommand(file: string, json: boolean, out: (line: string) => void): Promise<number> {
  const { doc, problems } = await readPipelineFile(file);
  const all: Problem[] = [...problems];
  if (doc && !hasErrors(problems)) {
    try {
      await planRun(doc, { baseDir: dirname(file) });
    } catch (e) {
      if (!(e instanceof PipelineError)) throw e;
      all.push(...e.problems);
    }
  }
  if (json) out(JSON.stringify({ file, valid: !hasErrors(all), problems: all }));
  else if (all.length === 0) out(`${file}: valid`);
  else for (const p of all) out(formatProblem(p, file));
  return hasErrors(all) ? 2 : 0;
}

/** `fedflow export <file> [-o script.ts]`: a pipeline as a standalone TypeScript script. */
import { mkdir } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { exportScript } from '../export/exportScript.js';
import { writeFileAtomic } from '../fs/atomicWrite.js';
import { formatProblem, hasErrors } from '../format/problems.js';
import { readPipelineFile } from '../format/readPipelineFile.js';
import { fedflowCommand, shellWord } from './selfCommand.js';

/**
 * Exports a pipeline file as a script: to `outFile`, or to stdout without one. An invalid document is
 * refused (exit 2) with its problems on stderr, so stdout never holds half a script.
 */
export async function exportCommand(file: string, outFile: string | undefined, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const { doc, problems } = await readPipelineFile(file);
  if (!doc || hasErrors(problems)) {
    for (const p of problems) err(formatProblem(p, file));
    return 2;
  }
  for (const p of problems) err(formatProblem(p, file));
  const script = exportScript(doc, {
    fileName: basename(file),
    baseDir: resolve(dirname(file)),
    ...(outFile !== undefined ? { scriptPath: resolve(outFile) } : {}),
  });
  if (outFile === undefined) {
    out(script.replace(/\n$/, ''));
    return 0;
  }
  await mkdir(dirname(resolve(outFile)), { recursive: true });
  await writeFileAtomic(outFile, script);
  // One command that works from any folder: this installation's CLI runs the script with its own tsx and
  // its own engine (see scriptCommand.ts), both by absolute path.
  out(`Wrote ${outFile}. Run it from any folder with:`);
  out(`  ${fedflowCommand()} script ${shellWord(resolve(outFile))}`);
  out('adding, as with fedflow run, any of --rounds N --seed S --workers W --backend B --out DIR.');
  return 0;
}

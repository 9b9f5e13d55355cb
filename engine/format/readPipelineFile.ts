/** Reading a `*.fedflow.json` file from disk into a document and its problems. */
import { readFile } from 'node:fs/promises';
import type { Problem } from './problems.js';
import { parsePipelineText, type ParseResult } from './validate.js';

/** Reads and validates a pipeline file; an unreadable file is a problem, not an exception. */
export async function readPipelineFile(path: string): Promise<ParseResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const problem: Problem = {
      severity: 'error',
      message: code === 'ENOENT' ? `No such file: ${path}` : `Cannot read ${path}: ${(e as Error).message}`,
    };
    return { problems: [problem] };
  }
  return parsePipelineText(text);
}

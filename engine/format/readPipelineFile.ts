/** Reading a `*.fedflow.json` file from disk into a document and its problems. */
import { readRegularTextFile } from '../fs/readRegularFile.js';
import type { Problem } from './problems.js';
import { parsePipelineText, type ParseResult } from './validate.js';

/** The largest pipeline file read: far above any real document (templates are a few KB), below what stalls parsing. */
export const MAX_PIPELINE_FILE_BYTES = 64 * 1024 * 1024;

/** The file's text, or the sentence that says why it cannot be a pipeline. */
async function readText(path: string): Promise<string | Problem> {
  try {
    const read = await readRegularTextFile(path, MAX_PIPELINE_FILE_BYTES);
    if (read.ok) return read.text;
    return {
      severity: 'error',
      message:
        read.reason === 'not-a-file'
          ? `${path} is not a regular file (a pipeline must be a .fedflow.json file)`
          : `${path} is ${read.size} bytes; a pipeline file may be at most ${MAX_PIPELINE_FILE_BYTES} bytes`,
    };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { severity: 'error', message: code === 'ENOENT' ? `No such file: ${path}` : `Cannot read ${path}: ${(e as Error).message}` };
  }
}

/** Reads and validates a pipeline file; an unreadable file (missing, a FIFO, a device, too large) is a problem, not an exception. */
export async function readPipelineFile(path: string): Promise<ParseResult> {
  const text = await readText(path);
  return typeof text === 'string' ? parsePipelineText(text) : { problems: [text] };
}

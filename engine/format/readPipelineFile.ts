/** Reading a `*.fedflow.json` file from disk into a document and its problems. */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Problem } from './problems.js';
import { parsePipelineText, type ParseResult } from './validate.js';

/** The largest pipeline file read: far above any real document (templates are a few KB), below what stalls parsing. */
export const MAX_PIPELINE_FILE_BYTES = 64 * 1024 * 1024;

// O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer forever; the open handle is
// then checked, so a path swapped between a stat and the open cannot slip past.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** The file's text, or the sentence that says why it cannot be a pipeline. */
async function readText(path: string): Promise<string | Problem> {
  try {
    const handle = await open(path, OPEN_FLAGS);
    try {
      const info = await handle.stat();
      if (!info.isFile()) return { severity: 'error', message: `${path} is not a regular file (a pipeline must be a .fedflow.json file)` };
      if (info.size > MAX_PIPELINE_FILE_BYTES) {
        return { severity: 'error', message: `${path} is ${info.size} bytes; a pipeline file may be at most ${MAX_PIPELINE_FILE_BYTES} bytes` };
      }
      return await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
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

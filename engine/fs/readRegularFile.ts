/**
 * Reading a text file that must be a regular file of bounded size. The path is opened without blocking
 * (a FIFO would otherwise wait forever for a writer, holding one of libuv's few file threads) and the
 * open handle is checked, so a path swapped between a stat and the open cannot slip past.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** The text, or why the file was not read; file-system errors (ENOENT…) are thrown as they are. */
export type RegularFileText = { ok: true; text: string } | { ok: false; reason: 'not-a-file' } | { ok: false; reason: 'too-large'; size: number };

// O_NONBLOCK changes nothing for a regular file; Windows has no such flag (and no FIFOs on disk).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Reads `path` as UTF-8 if it is a regular file of at most `maxBytes` bytes. */
export async function readRegularTextFile(path: string, maxBytes: number): Promise<RegularFileText> {
  const handle = await open(path, OPEN_FLAGS);
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, reason: 'not-a-file' };
    if (info.size > maxBytes) return { ok: false, reason: 'too-large', size: info.size };
    return { ok: true, text: await handle.readFile('utf8') };
  } finally {
    await handle.close();
  }
}

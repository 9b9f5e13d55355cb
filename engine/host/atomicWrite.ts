/**
 * Writing a file so that a crash or a full disk never leaves it half-written: the text goes to a
 * temporary file in the same folder, is flushed to disk, then renamed over the target in one step.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Writes `text` to `path` atomically; on failure the old file (if any) is untouched and no temporary file is left. */
export async function writeTextAtomic(path: string, text: string): Promise<void> {
  // A random suffix keeps two saves of the same file (two windows, two processes) from sharing a temp file.
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'wx', 0o644);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/**
 * Versions of pipeline files, so a save from a tab that read an older version is refused rather than
 * silently replacing what another tab or window (or another program) wrote meanwhile.
 *
 * A version is a hash of the content, not the modification time: mtime is coarse on some file systems
 * (FAT: 2 s; some network shares: 1 s), so two saves within that window would look unchanged, and a copy,
 * a checkout or a restore can change the content while keeping the mtime, or change the mtime alone. A
 * hash of a few-kilobyte pipeline costs microseconds and changes exactly when the content does.
 */
import { createHash } from 'node:crypto';
import { readRegularTextFile } from '../fs/readRegularFile.js';
import type { FileVersion } from './hostApi.js';
import { HostError } from './hostError.js';

/** A version is 16 lowercase hex digits. */
const VERSION = /^[0-9a-f]{16}$/;

/**
 * The version of a file's text: the first 16 hex digits of the SHA-256 of its UTF-8 bytes. The host reads
 * pipeline files as UTF-8 and writes them so, so for any UTF-8 file this is the hash of its bytes on disk.
 */
export function fileVersion(text: string): FileVersion {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
}

/** Whether a value from the page is a version (anything else is refused, not compared). */
export function isFileVersion(value: unknown): value is FileVersion {
  return typeof value === 'string' && VERSION.test(value);
}

/**
 * The version of the file at `path` now, or null when it is gone. A file too large to be a pipeline, or
 * one that is no longer a regular file, has a version no tab can have read ('changed').
 */
export async function currentVersion(path: string, maxBytes: number): Promise<FileVersion | 'changed' | null> {
  try {
    const read = await readRegularTextFile(path, maxBytes);
    return read.ok ? fileVersion(read.text) : 'changed';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** The refusal of a save whose file changed (or was deleted) since the caller read it. */
export function changedOnDiskError(name: string, deleted: boolean): HostError {
  const message = deleted
    ? `${name} was deleted on disk since you opened it; it was not saved.`
    : `${name} changed on disk since you opened it; it was not saved.`;
  return new HostError(message, [], 'changed-on-disk');
}

/**
 * THE way the engine replaces a file (run results, reports, pipelines, host state): the bytes go to a
 * temporary file in the same folder, are flushed to disk, then renamed over the target in one step, so a
 * crash, a kill or a full disk leaves the old file or the new one, never half of one.
 *
 * A killed writer cannot delete its temporary file, so every save also sweeps the folder for temporary
 * files of this helper whose writer is gone (see isStaleTemp): a leftover lives until the next save there.
 */
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * The helper's temporary names: `.<target name>.<writer pid>.<12 hex>.tmp`. Hidden (a leading
 * dot), next to the target (a rename never crosses file systems), with the writer's pid so a sweep can tell
 * a dead writer's file from a live one's, and a random part so two saves of one file never share a temp.
 * Only names of exactly this shape are ever swept, so no user file can match by accident.
 */
const TEMP_NAME = /^\.(.+)\.(\d{1,10})\.([0-9a-f]{12})\.tmp$/;

/** A temporary file this old is swept even when its pid is alive: after a reboot the pid may be another program's. */
export const STALE_TEMP_MS = 10 * 60 * 1000;

/** Options of writeFileAtomic. */
export interface AtomicWriteOptions {
  /**
   * Called with the temporary file's path once it is written and flushed, before the rename. A test seam:
   * test/engine/fs/atomicWrite.test.ts kills a writer there to prove what a kill mid-save leaves.
   */
  beforeRename?: (tmp: string) => Promise<void> | void;
}

/** The temporary file name a save of `path` by this process uses (exported for tests). */
export function tempNameFor(path: string, pid = process.pid): string {
  return join(dirname(path), `.${basename(path)}.${pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** The writer pid in one of this helper's temporary names, or null for any other name. */
export function tempWriterPid(name: string): number | null {
  const m = TEMP_NAME.exec(name);
  return m ? Number(m[2]) : null;
}

/** Whether a process with this pid runs on this machine (EPERM: it does, as another user). */
function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether a file named `name` is a leftover to remove: one of this helper's temporary names whose writer
 * process is dead — the usual case, a save that was killed, cleaned at once — or, whatever its pid, whose
 * last write is older than STALE_TEMP_MS, since a pid can be reused after a crash or reboot. A live
 * writer's temp file is seconds old and its pid alive, so a sweep never races a save in progress.
 */
export function isStaleTemp(name: string, mtimeMs: number, now = Date.now()): boolean {
  const pid = tempWriterPid(name);
  if (pid === null) return false;
  return !isAlive(pid) || now - mtimeMs > STALE_TEMP_MS;
}

/** Removes the stale temporary files of this helper in `dir` (best effort: errors are ignored). */
export async function sweepStaleTemps(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((n) => tempWriterPid(n) !== null)
      .map(async (n) => {
        const file = join(dir, n);
        const info = await stat(file).catch(() => null);
        if (info?.isFile() && isStaleTemp(n, info.mtimeMs)) await unlink(file).catch(() => undefined);
      }),
  );
}

/**
 * Replaces `path` with `data` (text as UTF-8, or bytes) atomically; on failure the old file, if any, is
 * untouched and no temporary file is left. Then sweeps the folder's stale temporary files.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const tmp = tempNameFor(path);
  try {
    const handle = await open(tmp, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await options.beforeRename?.(tmp);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await sweepStaleTemps(dirname(path));
}

/**
 * Making a run's folder under a store root. Its name is the run's id: `<pipeline stem>-<UTC time to the
 * second>-<6 random hex>`, made with an exclusive mkdir, so two runs started in the same millisecond, in one
 * process or two, never share a folder (a clash of the random part only means another try).
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/** What a run id may be: a plain folder name, so an id given on the command line never reaches outside the store. */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,159}$/;

/** Whether `id` can name a run folder (no separators, no `..`). */
export function isRunId(id: string): boolean {
  return RUN_ID.test(id) && !id.includes('..');
}

/** A file-name-safe stem of a pipeline's file or name: `mnist-fedavg.fedflow.json` → `mnist-fedavg`. */
export function runStem(nameOrFile: string): string {
  const base = nameOrFile.split(/[\\/]/).pop() ?? '';
  const stem = base
    .replace(/\.fedflow\.json$|\.json$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '')
    .slice(0, 60);
  return stem || 'run';
}

const stamp = (at: Date) => at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/** A fresh id for a run or a sweep of `stem` started `at`; createRunFolder also makes sure no folder has it. */
export function newRunId(stem: string, at = new Date()): string {
  return `${runStem(stem)}-${stamp(at)}-${randomBytes(3).toString('hex')}`;
}

/** Creates a new, empty run folder under `root` (made if needed) and returns its id and path. */
export async function createRunFolder(root: string, stem: string, at = new Date()): Promise<{ id: string; dir: string }> {
  await mkdir(root, { recursive: true });
  for (let attempt = 0; ; attempt++) {
    const id = newRunId(stem, at);
    const dir = join(root, id);
    try {
      await mkdir(dir);
      return { id, dir };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 20) throw e;
    }
  }
}

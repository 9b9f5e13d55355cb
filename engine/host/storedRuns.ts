/**
 * The HostApi's run-store methods (list, read, compare, delete) over one store folder. Every id comes from
 * the page and is hostile until proved otherwise: it must be text, have a run id's shape (one folder name:
 * no separators, no `..`) and name, exactly, a run folder inside the store; a prefix, a path or a link
 * out of the store is refused with a sentence, never followed.
 */
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { readRegularTextFile } from '../fs/readRegularFile.js';
import { compareRuns } from '../records/compareRuns.js';
import { EVENTS_FILE, readEventLog } from '../records/eventLog.js';
import { isRunId } from '../records/runFolder.js';
import { deleteRun, listRuns, readRun, RUN_SORTS, type RunDetails, type RunListing } from '../records/runStore.js';
import { RECORDED_STATUSES } from '../records/manifest.js';
import type { HostApi, RunListRequest, StoredRun, StoredRunComparison, StoredRunEntry } from './hostApi.js';

/** How many runs one comparison may hold: enough to compare a sweep's row, few enough to chart. */
export const MAX_COMPARED = 8;
const MAX_FILTER = 200;
const STATUSES: readonly string[] = [...RECORDED_STATUSES, 'interrupted'];

/** The methods, for a host whose store is `runsDir` (none: an empty list, and a clear refusal for the rest). */
export type StoredRunsApi = Pick<HostApi, 'listRuns' | 'readRun' | 'compareRuns' | 'deleteRun'>;

/** Larger reports are not read back (a real one is a few hundred kB). */
const MAX_REPORT_BYTES = 64 * 1024 * 1024;

/** A listing's fields as the page gets them: all but the folder's absolute path (and, for a run read whole, its details). */
function entryOf(run: RunListing): StoredRunEntry {
  const { id, name, file, status, startedAt, endedAt, durationMs, seed, backend, federations, sweep, error } = run;
  return {
    id,
    name,
    ...(file !== undefined ? { file } : {}),
    status,
    startedAt,
    ...(endedAt !== undefined ? { endedAt } : {}),
    durationMs,
    seed,
    backend,
    federations,
    ...(sweep ? { sweep } : {}),
    ...(error ? { error } : {}),
  };
}

/** Creates the run-store methods; `isLive` says whether this host is running a run or writing its files (it may not be deleted). */
export function storedRunsApi(
  runsDir: string | undefined,
  isLive: (runId: string) => boolean,
): StoredRunsApi & { storedReport(runId: unknown): Promise<string | null> } {
  const noStore = () => new Error('This host keeps no run store; start the studio with a workspace folder to keep runs.');

  /** The run id the page named, checked: exactly one run folder inside the store. */
  async function storedId(given: unknown): Promise<string> {
    if (!runsDir) throw noStore();
    if (typeof given !== 'string' || !isRunId(given)) {
      throw new Error(`'${String(given).slice(0, 80)}' is not a run id; a run id is the name of a folder in the run store.`);
    }
    // Exactly a folder in the store (a link is not followed out of it): the page always has full ids, so a
    // prefix that happens to fit one run is not what it meant.
    const entries = await readdir(runsDir, { withFileTypes: true }).catch(() => []);
    if (!entries.some((e) => e.isDirectory() && e.name === given)) throw new Error(`There is no run '${given}' in the run store.`);
    return given;
  }

  async function read(given: unknown): Promise<RunDetails> {
    return readRun(runsDir!, await storedId(given));
  }

  return {
    /** A stored run's `report.html`, for a report asked of a run this host did not keep (a past one); null when it has none. */
    async storedReport(runId: unknown): Promise<string | null> {
      // A malformed id is refused; a well-formed one the store lacks simply has no report.
      const id = await storedId(runId).catch((e: Error) => {
        if (typeof runId === 'string' && isRunId(runId)) return null;
        throw e;
      });
      if (id === null) return null;
      const read = await readRegularTextFile(join(runsDir!, id, 'report.html'), MAX_REPORT_BYTES).catch(() => null);
      return read?.ok ? read.text : null;
    },

    async listRuns(request?: RunListRequest) {
      if (request !== undefined && request !== null && (typeof request !== 'object' || Array.isArray(request))) {
        throw new Error('A run list request is an object with text, status and sort.');
      }
      const { text, status, sort } = (request ?? {}) as Record<string, unknown>;
      if (text !== undefined && (typeof text !== 'string' || text.length > MAX_FILTER)) throw new Error(`The filter must be text of at most ${MAX_FILTER} characters.`);
      if (status !== undefined && (typeof status !== 'string' || !STATUSES.includes(status))) throw new Error(`The status must be one of ${STATUSES.join(', ')}.`);
      if (sort !== undefined && (typeof sort !== 'string' || !(RUN_SORTS as readonly string[]).includes(sort))) throw new Error(`The order must be one of ${RUN_SORTS.join(', ')}.`);
      if (!runsDir) return { runs: [], problems: [], stored: false };
      const listed = await listRuns(runsDir, {
        ...(text ? { text } : {}),
        ...(status ? { status: status as StoredRunEntry['status'] } : {}),
        ...(sort ? { sort: sort as (typeof RUN_SORTS)[number] } : {}),
      });
      // Folder names only: the page has no use for the host's absolute paths.
      return { runs: listed.runs.map(entryOf), problems: listed.problems.map((p) => ({ folder: basename(p.folder), message: p.message })), stored: true };
    },

    async readRun(runId: string): Promise<StoredRun> {
      const run = await read(runId);
      const events = await readEventLog(join(run.dir, EVENTS_FILE));
      const { manifest, history } = run;
      return { ...entryOf(run), document: manifest.document, manifest, history, events: events.lines.map((l) => l.event) };
    },

    async compareRuns(runIds: string[]): Promise<StoredRunComparison> {
      if (!Array.isArray(runIds) || runIds.length < 2 || runIds.length > MAX_COMPARED) {
        throw new Error(`Compare 2 to ${MAX_COMPARED} runs, named by their ids.`);
      }
      if (new Set(runIds).size !== runIds.length) throw new Error('Each run may be compared once.');
      const runs: RunDetails[] = [];
      for (const id of runIds) runs.push(await read(id));
      return { ...compareRuns(runs), histories: runs.map((r) => r.history) };
    },

    async deleteRun(runId: string): Promise<string> {
      const id = await storedId(runId);
      if (isLive(id)) throw new Error(`Run ${id} is still going (or writing its results); stop it, or wait for its end, before deleting it.`);
      return deleteRun(runsDir!, id);
    },
  };
}

/**
 * The run store: a folder of run folders (see runFolder.ts), and what the CLI and the hosts ask of it —
 * list, read one, delete. The index is the folders themselves: listing reads every `manifest.json` (a few
 * kB each; 500 runs list in tens of milliseconds, see bench/runStoreListing.ts), so it can never disagree
 * with the folders, whatever a user deletes, copies or moves by hand. A database beside them (sql.js,
 * better-sqlite3) would be one more thing to keep in step, for no speed a person would notice.
 */
import { readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { closest } from '../text/closest.js';
import type { RunEvent } from '../run/events.js';
import { EVENTS_FILE, readEventLog } from './eventLog.js';
import { federationResults } from './federationResults.js';
import { readManifest, type RunManifest, type RunStatus } from './manifest.js';
import type { ListOptions, RunDetails, RunListing, RunSort, StoreProblem } from './runRecordTypes.js';
import { liveness } from './processIdentity.js';
import { isRunId } from './runFolder.js';
import { RunStoreError } from './runStoreError.js';

// The listing's types live in runRecordTypes.ts, which has no Node imports, so the workbench can name them.
export { RUN_SORTS } from './runRecordTypes.js';
export type { ListOptions, RunDetails, RunListing, RunSort, StoreProblem } from './runRecordTypes.js';

/** Where runs live unless told otherwise: $FEDFLOW_RUNS_DIR, else `runs/` in the current folder (where `fedflow run` has always written). */
export function defaultRunsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.FEDFLOW_RUNS_DIR || 'runs';
}

/** The best accuracy among a run's federations, or null. */
export function bestAccuracy(run: RunListing): number | null {
  const xs = run.federations.map((f) => f.accuracy).filter((a): a is number => a !== null);
  return xs.length > 0 ? Math.max(...xs) : null;
}

/** A run's status as it is: a `running` manifest whose process is gone is `interrupted`. */
export function statusOf(manifest: RunManifest): RunStatus {
  return manifest.status === 'running' && liveness(manifest.process) === 'dead' ? 'interrupted' : manifest.status;
}

async function listingOf(dir: string, manifest: RunManifest): Promise<{ listing: RunListing; history?: RunDetails['history']; log?: RunDetails['log'] }> {
  const status = statusOf(manifest);
  let federations = manifest.federations;
  let lastAt: number | undefined;
  let extra: { history: RunDetails['history']; log: RunDetails['log'] } | undefined;
  // A run still going, or killed, has its rounds only in its event log; the others' manifests are final.
  if (status === 'running' || status === 'interrupted') {
    const read = await readEventLog(join(dir, EVENTS_FILE));
    federations = federationResults(read.lines.map((l) => l.event));
    lastAt = read.lines.at(-1)?.at;
    extra = { history: historyOf(read.lines.map((l) => l.event)), log: { events: read.lines.length, skipped: read.skipped, tornTail: read.tornTail } };
  }
  const start = Date.parse(manifest.startedAt);
  const end = manifest.endedAt ? Date.parse(manifest.endedAt) : status === 'running' ? Date.now() : (lastAt ?? start);
  const listing: RunListing = {
    id: manifest.id,
    dir,
    name: manifest.name,
    ...(manifest.file ? { file: manifest.file } : {}),
    status,
    startedAt: manifest.startedAt,
    ...(manifest.endedAt ? { endedAt: manifest.endedAt } : {}),
    durationMs: Math.max(0, end - start),
    seed: manifest.seed,
    backend: manifest.resolvedBackend ?? manifest.backend,
    federations,
    ...(manifest.sweep ? { sweep: manifest.sweep } : {}),
    ...(manifest.error ? { error: manifest.error } : {}),
  };
  return { listing, ...extra };
}

function historyOf(events: Iterable<RunEvent>): RunDetails['history'] {
  const history: RunDetails['history'] = {};
  for (const e of events) if (e.type === 'evaluated') (history[e.aggregatorId] ??= []).push(e.record);
  return history;
}

const COMPARE: Record<RunSort, (a: RunListing, b: RunListing) => number> = {
  started: (a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id),
  accuracy: (a, b) => (bestAccuracy(b) ?? -1) - (bestAccuracy(a) ?? -1),
  duration: (a, b) => b.durationMs - a.durationMs,
  name: (a, b) => a.name.localeCompare(b.name) || a.startedAt.localeCompare(b.startedAt),
};

/**
 * Lists the runs under `root`: every sub-folder with a manifest (others, such as a sweep's tables, are not
 * runs and are passed over); a manifest that cannot be read is a problem, not an error. A missing root is
 * an empty store.
 */
export async function listRuns(root: string, options: ListOptions = {}): Promise<{ runs: RunListing[]; problems: StoreProblem[] }> {
  const entries = await readdir(root, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw e;
  });
  const problems: StoreProblem[] = [];
  const found = await Promise.all(
    entries
      .filter((e) => e.isDirectory() && isRunId(e.name))
      .map(async (e) => {
        const dir = resolve(root, e.name);
        const read = await readManifest(dir);
        if (read.ok) return (await listingOf(dir, read.manifest)).listing;
        // A folder without any manifest is not a run (a sweep's folder, a user's); a damaged one is worth saying.
        if (!read.message.startsWith('cannot read')) problems.push({ folder: dir, message: read.message });
        return undefined;
      }),
  );
  const text = options.text?.toLowerCase();
  let runs = found.filter((r): r is RunListing => r !== undefined);
  runs = runs.filter(
    (r) =>
      (options.status === undefined || r.status === options.status) &&
      (options.sweep === undefined || r.sweep?.id === options.sweep) &&
      (text === undefined || r.name.toLowerCase().includes(text) || r.id.toLowerCase().includes(text)),
  );
  runs.sort(COMPARE[options.sort ?? 'started']);
  return { runs: options.limit !== undefined ? runs.slice(0, options.limit) : runs, problems };
}

/** The id of the run `given` names: its id, or a prefix of exactly one run's id. */
export async function resolveRunId(root: string, given: string): Promise<string> {
  if (!isRunId(given)) throw new RunStoreError('bad-id', `'${given}' is not a run id (a run id is a folder name under ${root}).`, given);
  const names = (await readdir(root, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory()).map((e) => e.name);
  if (names.includes(given)) return given;
  const matches = names.filter((n) => n.startsWith(given));
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new RunStoreError('ambiguous', `'${given}' starts ${matches.length} run ids (${matches.slice(0, 3).join(', ')}${matches.length > 3 ? ', …' : ''}); give more of it.`, given);
  }
  const guess = closest(given, names);
  throw new RunStoreError('not-found', `There is no run '${given}' in ${root}${guess ? ` (did you mean ${guess}?)` : ''}.`, given);
}

/** Reads one run whole (see RunDetails); `id` may be a unique prefix. */
export async function readRun(root: string, id: string): Promise<RunDetails> {
  const runId = await resolveRunId(root, id);
  const dir = resolve(root, runId);
  const read = await readManifest(dir);
  if (!read.ok) throw new RunStoreError('not-a-run', `${dir} is not a readable run: ${read.message}.`, id);
  const { listing, history, log } = await listingOf(dir, read.manifest);
  if (history && log) return { ...listing, manifest: read.manifest, history, log };
  const events = await readEventLog(join(dir, EVENTS_FILE));
  return {
    ...listing,
    manifest: read.manifest,
    history: historyOf(events.lines.map((l) => l.event)),
    log: { events: events.lines.length, skipped: events.skipped, tornTail: events.tornTail },
  };
}

/** Deletes a run's folder; refuses a run whose process is still going, and any folder that is not a run. */
export async function deleteRun(root: string, id: string): Promise<string> {
  const runId = await resolveRunId(root, id);
  const dir = resolve(root, runId);
  const read = await readManifest(dir);
  if (!read.ok) throw new RunStoreError('not-a-run', `${dir} is not a run (${read.message}); delete it yourself if you mean to.`, id);
  if (statusOf(read.manifest) === 'running') {
    throw new RunStoreError('running', `Run ${runId} is still running (process ${read.manifest.process.pid}); stop it before deleting it.`, id);
  }
  await rm(dir, { recursive: true, force: true });
  return runId;
}

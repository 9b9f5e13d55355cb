/**
 * The HostApi's sweep methods: start a grid of runs from the page, follow it, stop it, read its table.
 * Everything from the page is hostile: the settings are bounded in count and length, seeds to 1..20, the
 * grid to MAX_HOST_SWEEP_RUNS runs, and every grid point is validated — and its data paths checked, since a
 * swept value may be a path — before the first run starts. One sweep at a time; each of its runs is a
 * normal stored run (tagged with the sweep's id and point), so the Runs view lists them.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackendName, PipelineDocument } from '../format/pipeline.js';
import { formatProblem, type Problem } from '../format/problems.js';
import { readRegularTextFile } from '../fs/readRegularFile.js';
import { isRunId } from '../records/runFolder.js';
import { planSweep, runSweep } from '../sweep/runSweep.js';
import { SWEEP_FORMAT, type SweepTable } from '../sweep/sweepTable.js';
import { HostError } from './hostError.js';
import type { HostApi, SweepProgress, SweepRequest } from './hostApi.js';
import type { QueueSettings } from '../queue/queueExecutor.js';

/** The most runs (grid points × seeds) one sweep from the page may ask for. */
export const MAX_HOST_SWEEP_RUNS = 200;
/** The most swept settings, and the longest one, a page may send. */
export const MAX_SWEEP_SETTINGS = 8;
export const MAX_SETTING_LENGTH = 1000;
/** The most seeds per grid point. */
export const MAX_SWEEP_SEEDS = 20;
const MAX_TABLE_BYTES = 16 * 1024 * 1024;

/** The sweep methods of the HostApi. */
export type SweepApi = Pick<HostApi, 'startSweep' | 'stopSweep' | 'sweepStatus' | 'readSweep'>;

/** What the sweep methods need of their host. */
export interface SweepHostDeps {
  /** The run store; without one, sweeps are refused. */
  runsDir: string | undefined;
  /** The pipeline file the page names, checked (or null for an unsaved document). */
  checkedPath(path: unknown): Promise<string | null>;
  /** Parses and validates a document's text. */
  parse(text: string): Promise<{ doc?: PipelineDocument; problems: Problem[] }>;
  /** Where the document's relative data paths resolve. */
  baseDirOf(path: string | null): string;
  /** Throws a HostError when the document reads data from outside what the host allows. */
  checkDataPaths(doc: PipelineDocument, baseDir: string, path: string | null): Promise<void>;
  /** A file-name stem for the runs' folders. */
  stemOf(doc: PipelineDocument, path: string | null): string;
  runDefaults?: { workers?: number; backend?: BackendName };
  /** Train the sweep's runs on `fedflow worker` processes through this Redis queue. */
  queue?: QueueSettings;
}

const userError = (message: string) => new Error(message);

/** Creates the sweep methods, and what the host needs to know of the sweep going (its current run, and closing). */
export function sweepHostApi(deps: SweepHostDeps): SweepApi & { currentRunId(): string | undefined; close(): Promise<void> } {
  let progress: SweepProgress | null = null;
  let current: string | undefined;
  let abort: AbortController | undefined;
  let going: Promise<void> | undefined;

  const sweepsDir = () => join(deps.runsDir!, 'sweeps');
  const busy = () => progress?.state === 'running';

  function settingsOf(value: unknown): string[] {
    if (!Array.isArray(value) || value.length === 0 || value.length > MAX_SWEEP_SETTINGS) {
      throw userError(`A sweep varies 1 to ${MAX_SWEEP_SETTINGS} settings, each written NODE.PARAM=V1,V2.`);
    }
    for (const s of value) {
      if (typeof s !== 'string' || s.length > MAX_SETTING_LENGTH) throw userError(`Each sweep setting is text of at most ${MAX_SETTING_LENGTH} characters (NODE.PARAM=V1,V2).`);
    }
    return value as string[];
  }

  return {
    currentRunId: () => current,

    async startSweep(request: SweepRequest) {
      if (!deps.runsDir) throw userError('This host keeps no run store; start the studio with a workspace folder to run sweeps.');
      if (typeof request !== 'object' || request === null) throw userError('A sweep needs a request.');
      if (busy()) throw userError('A sweep is already running; stop it or wait for its end before starting another.');
      if (typeof request.text !== 'string') throw userError('The document must be text.');
      const settings = settingsOf(request.settings);
      const seedCount = request.seeds;
      if (typeof seedCount !== 'number' || !Number.isInteger(seedCount) || seedCount < 1 || seedCount > MAX_SWEEP_SEEDS) {
        throw userError(`Seeds must be a whole number from 1 to ${MAX_SWEEP_SEEDS}.`);
      }
      const path = await deps.checkedPath(request.path);
      const { doc, problems } = await deps.parse(request.text);
      const errors = problems.filter((p) => p.severity === 'error');
      if (!doc || errors.length > 0) throw new HostError(['The pipeline cannot run:', ...errors.map((p) => `  ${formatProblem(p)}`)].join('\n'), errors);
      const seeds = Array.from({ length: seedCount }, (_, i) => (doc.seed + i) % 2 ** 32);
      const stem = deps.stemOf(doc, path);
      const plan = planSweep(doc, settings, seeds, stem);
      if (!plan.sweep) throw new HostError(['The sweep cannot run:', ...plan.problems.map((p) => `  ${formatProblem(p)}`)].join('\n'), plan.problems);
      const sweep = plan.sweep;
      const total = sweep.points.length * seeds.length;
      if (total > MAX_HOST_SWEEP_RUNS) {
        throw userError(`The sweep is ${sweep.points.length} grid points × ${seeds.length} seeds = ${total} runs; the workbench runs at most ${MAX_HOST_SWEEP_RUNS} (the CLI's fedflow sweep runs more).`);
      }
      const baseDir = deps.baseDirOf(path);
      // A swept value may be a data path: every point reads only where the document itself may.
      for (const point of sweep.points) await deps.checkDataPaths(point.doc, baseDir, path);
      // Checked again after the awaits: two starts may have crossed.
      if (busy()) throw userError('A sweep is already running; stop it or wait for its end before starting another.');
      abort = new AbortController();
      const mine: SweepProgress = { sweepId: sweep.id, state: 'running', done: 0, total, points: sweep.points.length };
      progress = mine;
      going = runSweep(doc, sweep, {
        baseDir,
        runsDir: deps.runsDir,
        stem,
        ...(path ? { file: path } : {}),
        ...(deps.runDefaults?.workers !== undefined ? { workers: deps.runDefaults.workers } : {}),
        ...(deps.runDefaults?.backend !== undefined ? { backend: deps.runDefaults.backend } : {}),
        ...(deps.queue ? { queue: deps.queue } : {}),
        signal: abort.signal,
        onStart: (id) => {
          current = id;
          mine.currentRunId = id;
        },
        onRun: (_run, done) => {
          mine.done = done;
        },
      }).then(
        (outcome) => {
          mine.state = outcome.cancelled ? 'cancelled' : 'finished';
          mine.table = outcome.table;
        },
        (e: unknown) => {
          mine.state = 'failed';
          mine.message = e instanceof Error ? e.message : String(e);
        },
      ).finally(() => {
        current = undefined;
        delete mine.currentRunId;
      });
      return { sweepId: sweep.id, points: sweep.points.length, runs: total };
    },

    async stopSweep(sweepId: string) {
      if (typeof sweepId !== 'string' || !progress || progress.sweepId !== sweepId) throw userError('There is no such sweep.');
      // A stop that crosses the sweep's end is not an error.
      abort?.abort();
    },

    async sweepStatus() {
      return progress ? structuredClone(progress) : null;
    },

    async readSweep(sweepId: string): Promise<SweepTable> {
      if (!deps.runsDir) throw userError('This host keeps no run store.');
      if (typeof sweepId !== 'string' || !isRunId(sweepId)) throw userError(`'${String(sweepId).slice(0, 80)}' is not a sweep id.`);
      // Exactly a folder of the store's sweeps: no prefix, path or link out of it.
      const entries = await readdir(sweepsDir(), { withFileTypes: true }).catch(() => []);
      if (!entries.some((e) => e.isDirectory() && e.name === sweepId)) throw userError(`There is no sweep '${sweepId}' in the run store.`);
      const read = await readRegularTextFile(join(sweepsDir(), sweepId, 'sweep.json'), MAX_TABLE_BYTES).catch(() => null);
      if (!read?.ok) throw userError(`Sweep ${sweepId} has no readable table (sweep.json).`);
      let table: unknown;
      try {
        table = JSON.parse(read.text);
      } catch {
        throw userError(`Sweep ${sweepId}'s sweep.json is not JSON.`);
      }
      if (typeof table !== 'object' || table === null || (table as SweepTable).format !== SWEEP_FORMAT) throw userError(`Sweep ${sweepId}'s sweep.json is not a ${SWEEP_FORMAT} table.`);
      return table as SweepTable;
    },

    async close() {
      abort?.abort();
      await going;
    },
  };
}

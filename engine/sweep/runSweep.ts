/**
 * Running a sweep: every grid point with every seed, one run after another, each a run of its own in the
 * run store (its manifest says which sweep and point it belongs to), then the results table. Runs go one
 * at a time because each already trains on all the machine's cores (its worker pool); two at once would
 * only share them, and double the memory.
 */
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { writeFileAtomic } from '../fs/atomicWrite.js';
import { htmlReport } from '../export/htmlReport.js';
import type { BackendName, PipelineDocument } from '../format/pipeline.js';
import type { Problem } from '../format/problems.js';
import type { PartitionInfo, RunEvent } from '../run/events.js';
import { RunCancelled, startRun, type Run } from '../run/run.js';
import type { QueueSettings } from '../queue/queueExecutor.js';
import { createRunFolder, newRunId } from '../records/runFolder.js';
import { sweepGrid, type GridPoint } from './sweepGrid.js';
import { parseSweepSettings, type SweepSetting } from './sweepSettings.js';
import { sweepCsv, sweepTable, type SweepRun, type SweepTable } from './sweepTable.js';

/** A sweep checked and ready to run. */
export interface PlannedSweep {
  id: string;
  settings: SweepSetting[];
  points: GridPoint[];
  seeds: number[];
}

/** Reads the `--set`s, builds and validates the whole grid; nothing runs unless there are no problems. */
export function planSweep(doc: PipelineDocument, sets: readonly string[], seeds: readonly number[], stem: string): { sweep?: PlannedSweep; problems: Problem[] } {
  const parsed = parseSweepSettings(doc, sets);
  if (parsed.problems.length > 0) return { problems: parsed.problems };
  const grid = sweepGrid(doc, parsed.settings, seeds.length);
  if (grid.problems.length > 0) return { problems: grid.problems };
  return { sweep: { id: newRunId(`${stem}-sweep`), settings: parsed.settings, points: grid.points, seeds: [...seeds] }, problems: [] };
}

/** How to run a sweep. */
export interface SweepOptions {
  /** Where relative data paths resolve (the pipeline file's folder). */
  baseDir: string;
  /** The run store each run goes into. */
  runsDir: string;
  /** Where sweep.json and sweep.csv go (default `<runsDir>/sweeps/<sweep id>`). */
  outDir?: string;
  /** The pipeline file, recorded in each run's manifest. */
  file?: string;
  stem: string;
  rounds?: number;
  workers?: number;
  backend?: BackendName;
  /** Train each run's clients on `fedflow worker` processes through Redis (engine/queue/). */
  queue?: QueueSettings;
  /**
   * How many runs go at once (default 1). Only with a queue: then the runs' clients share the workers, so a
   * sweep's runs spread over them; on one machine, runs side by side would only share its cores.
   */
  parallel?: number;
  /** Aborting cancels the run in progress and starts no more. */
  signal?: AbortSignal;
  /** Each run's id as it starts (a host keeps it from being deleted while it goes). */
  onStart?: (runId: string) => void;
  /** Each run as it ends, with its place (1-based) and the total. */
  onRun?: (run: SweepRun, done: number, total: number) => void;
}

/** What a sweep left: its table and where it was written; `cancelled` when it was stopped. */
export interface SweepOutcome {
  table: SweepTable;
  dir: string;
  runs: SweepRun[];
  cancelled: boolean;
}

async function runOne(doc: PipelineDocument, sweep: PlannedSweep, index: number, seed: number, options: SweepOptions, onRun: (run: Run) => void): Promise<SweepRun> {
  const point = sweep.points[index];
  const folder = await createRunFolder(options.runsDir, options.stem);
  const run = startRun(point.doc, {
    baseDir: options.baseDir,
    outDir: folder.dir,
    runId: folder.id,
    seed,
    ...(options.rounds !== undefined ? { rounds: options.rounds } : {}),
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    ...(options.backend !== undefined ? { backend: options.backend } : {}),
    ...(options.queue ? { queue: options.queue } : {}),
    record: { ...(options.file ? { file: options.file } : {}), sweep: { id: sweep.id, point: point.point, seed } },
  });
  onRun(run);
  options.onStart?.(folder.id);
  let partitions: PartitionInfo[] = [];
  let adapter: string | undefined;
  run.on((e: RunEvent) => {
    if (e.type !== 'run-started') return;
    partitions = e.partitions;
    adapter = e.adapter;
  });
  const base = { id: folder.id, pointIndex: index, seed };
  try {
    const summary = await run.done;
    await writeFileAtomic(join(folder.dir, 'report.html'), htmlReport(point.doc, summary, { partitions, ...(adapter ? { adapter } : {}) })).catch(() => undefined);
    return {
      ...base,
      status: 'finished',
      accuracy: Object.fromEntries(summary.federations.map((f) => [f.aggregatorId, f.final.accuracy])),
      labels: Object.fromEntries(summary.federations.map((f) => [f.aggregatorId, f.label])),
    };
  } catch (e) {
    return { ...base, status: e instanceof RunCancelled ? 'cancelled' : 'failed', accuracy: {}, labels: {}, message: (e as Error).message };
  }
}

/** Runs a planned sweep of `doc` and writes its table; a failed run is counted and the sweep goes on. */
export async function runSweep(doc: PipelineDocument, sweep: PlannedSweep, options: SweepOptions): Promise<SweepOutcome> {
  const total = sweep.points.length * sweep.seeds.length;
  const parallel = options.queue ? Math.max(1, Math.floor(options.parallel ?? 1)) : 1;
  // Every (grid point, seed) in table order; `parallel` loops take them one by one.
  const order = sweep.points.flatMap((_, index) => sweep.seeds.map((seed) => ({ index, seed })));
  const slots: (SweepRun | undefined)[] = new Array(order.length);
  const going = new Set<Run>();
  let next = 0;
  let done = 0;
  const cancel = () => going.forEach((r) => r.cancel());
  options.signal?.addEventListener('abort', cancel);
  const loop = async () => {
    while (next < order.length && !options.signal?.aborted) {
      const at = next++;
      let mine: Run | undefined;
      const run = await runOne(doc, sweep, order[at].index, order[at].seed, options, (r) => {
        mine = r;
        going.add(r);
        // Stopped while its folder was being made: it goes no further.
        if (options.signal?.aborted) r.cancel();
      });
      if (mine) going.delete(mine);
      slots[at] = run;
      options.onRun?.(run, ++done, total);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(parallel, order.length) }, loop));
  } finally {
    options.signal?.removeEventListener('abort', cancel);
  }
  // In grid order whatever order the runs ended in, so the table does not depend on `parallel`.
  const runs = slots.filter((r): r is SweepRun => r !== undefined);
  const table = sweepTable(
    { id: sweep.id, pipeline: doc.name, ...(options.file ? { file: options.file } : {}), seeds: sweep.seeds },
    sweep.settings,
    sweep.points.map((p) => p.point),
    runs,
  );
  const dir = options.outDir ?? join(options.runsDir, 'sweeps', sweep.id);
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, 'sweep.json'), JSON.stringify(table, null, 1));
  await writeFileAtomic(join(dir, 'sweep.csv'), sweepCsv(table));
  return { table, dir, runs, cancelled: options.signal?.aborted ?? false };
}

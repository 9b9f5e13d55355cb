/**
 * The fake host's sweeps: the same settings parser, grid and table as the real host (engine/sweep/), with
 * each point run one after another as a pretend run through the fake host's own startRun, so its runs
 * land in the fake run store and the Runs view lists them.
 */
import type { HostApi, HostRunEvent, SweepProgress, SweepRequest } from '../../../engine/host/hostApi.js';
import { HostError } from '../../../engine/host/hostError.js';
import { parsePipelineText } from '../../../engine/format/validate.js';
import { sweepGrid } from '../../../engine/sweep/sweepGrid.js';
import { parseSweepSettings } from '../../../engine/sweep/sweepSettings.js';
import { sweepTable, type SweepRun, type SweepTable } from '../../../engine/sweep/sweepTable.js';

type RunHost = Pick<HostApi, 'startRun' | 'controlRun' | 'onRunEvent'>;

/** The sweep methods of the fake host, running over `host`'s runs. */
export function fakeSweeps(host: RunHost): Pick<HostApi, 'startSweep' | 'stopSweep' | 'sweepStatus' | 'readSweep'> {
  let progress: SweepProgress | null = null;
  let stopped = false;
  let counter = 0;
  const tables = new Map<string, SweepTable>();

  /** Runs one document to its end and returns how it ended. */
  function runToEnd(text: string, seed: number, current: SweepProgress): Promise<Omit<SweepRun, 'pointIndex' | 'seed'>> {
    return new Promise((resolve, reject) => {
      let runId: string | undefined;
      const early: HostRunEvent[] = [];
      const onEvent = (e: HostRunEvent) => {
        if (runId === undefined) {
          early.push(e);
          return;
        }
        if (e.runId !== runId) return;
        const ev = e.event;
        if (ev.type === 'finished') {
          off();
          const fs = ev.summary.federations;
          resolve({ id: runId, status: 'finished', accuracy: Object.fromEntries(fs.map((f) => [f.aggregatorId, f.final.accuracy])), labels: Object.fromEntries(fs.map((f) => [f.aggregatorId, f.label])) });
        } else if (ev.type === 'failed' || ev.type === 'cancelled') {
          off();
          resolve({ id: runId, status: ev.type, accuracy: {}, labels: {} });
        }
      };
      const off = host.onRunEvent(onEvent);
      host.startRun({ text, path: null, seed }).then(
        (started) => {
          runId = started.runId;
          current.currentRunId = runId;
          for (const e of early.splice(0)) onEvent(e);
          if (stopped) void host.controlRun(runId, 'stop').catch(() => undefined);
        },
        (e: unknown) => {
          off();
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  }

  return {
    async startSweep(request: SweepRequest) {
      if (progress?.state === 'running') throw new Error('A sweep is already running; stop it or wait for its end before starting another.');
      if (!Array.isArray(request?.settings) || request.settings.length === 0 || request.settings.length > 8) throw new Error('A sweep varies 1 to 8 settings, each written NODE.PARAM=V1,V2.');
      if (!Number.isInteger(request.seeds) || request.seeds < 1 || request.seeds > 20) throw new Error('Seeds must be a whole number from 1 to 20.');
      const { doc, problems } = parsePipelineText(request.text);
      const errors = problems.filter((p) => p.severity === 'error');
      if (!doc || errors.length > 0) throw new HostError(errors[0]?.message ?? 'The document cannot be read.', errors);
      const parsed = parseSweepSettings(doc, request.settings);
      if (parsed.problems.length > 0) throw new HostError(parsed.problems[0].message, parsed.problems);
      const seeds = Array.from({ length: request.seeds }, (_, i) => doc.seed + i);
      const grid = sweepGrid(doc, parsed.settings, seeds.length);
      if (grid.problems.length > 0) throw new HostError(grid.problems[0].message, grid.problems);
      const total = grid.points.length * seeds.length;
      if (total > 200) throw new Error(`The sweep is ${total} runs; the workbench runs at most 200.`);
      const sweepId = `fake-sweep-${++counter}`;
      const current: SweepProgress = { sweepId, state: 'running', done: 0, total, points: grid.points.length };
      progress = current;
      stopped = false;
      void (async () => {
        const runs: SweepRun[] = [];
        for (let index = 0; index < grid.points.length && !stopped; index++) {
          for (const seed of seeds) {
            if (stopped) break;
            const run = await runToEnd(JSON.stringify(grid.points[index].doc), seed, current).catch((e: Error) => ({ id: '', status: 'failed' as const, accuracy: {}, labels: {}, message: e.message }));
            runs.push({ ...run, pointIndex: index, seed });
            current.done = runs.length;
          }
        }
        const table = sweepTable({ id: sweepId, pipeline: doc.name, seeds }, parsed.settings, grid.points.map((p) => p.point), runs);
        tables.set(sweepId, table);
        delete current.currentRunId;
        current.table = table;
        current.state = stopped ? 'cancelled' : 'finished';
      })();
      return { sweepId, points: grid.points.length, runs: total };
    },
    async stopSweep(sweepId: string) {
      if (!progress || progress.sweepId !== sweepId) throw new Error('There is no such sweep.');
      stopped = true;
      if (progress.currentRunId) await host.controlRun(progress.currentRunId, 'stop').catch(() => undefined);
    },
    async sweepStatus() {
      return progress ? structuredClone(progress) : null;
    },
    async readSweep(sweepId: string) {
      const table = typeof sweepId === 'string' ? tables.get(sweepId) : undefined;
      if (!table) throw new Error(`There is no sweep '${String(sweepId).slice(0, 80)}' in the run store.`);
      return table;
    },
  };
}

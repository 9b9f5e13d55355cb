/** `fedflow sweep <file> --set NODE.PARAM=V1,V2 … [--seeds N]`: a grid of runs and its results table. */
import { dirname, resolve } from 'node:path';
import { formatProblem, hasErrors } from '../format/problems.js';
import { readPipelineFile } from '../format/readPipelineFile.js';
import { runStem } from '../records/runFolder.js';
import { defaultRunsDir } from '../records/runStore.js';
import { pointLabel } from '../sweep/sweepGrid.js';
import { planSweep, runSweep } from '../sweep/runSweep.js';
import { sweepTableLines } from '../sweep/sweepTable.js';
import { UsageError, type CliOptions } from './cliArgs.js';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(2)}%`);

/** Runs a sweep; returns the exit code: 2 for a bad document or --set (nothing ran), 1 if a run failed, 130 if interrupted. */
export async function sweepCommand(opts: CliOptions, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const file = opts.file!;
  const { doc, problems } = await readPipelineFile(file);
  const invalid = (found: typeof problems, message: string) => {
    const errors = found.filter((p) => p.severity === 'error');
    if (opts.json) out(JSON.stringify({ type: 'failed', message, problems: errors }));
    else for (const p of errors) err(formatProblem(p, file));
    return 2;
  };
  if (!doc || hasErrors(problems)) return invalid(problems, 'invalid pipeline');
  const base = opts.seed ?? doc.seed;
  const seeds = Array.from({ length: opts.seeds ?? 1 }, (_, i) => (base + i) % 2 ** 32);
  const stem = runStem(file);
  const { sweep, problems: sweepProblems } = planSweep(doc, opts.set ?? [], seeds, stem);
  if (!sweep) return invalid(sweepProblems, 'invalid sweep');
  // --rounds overrides every aggregator's rounds, so it would silently undo a swept rounds.
  const sweptRounds = sweep.settings.find((s) => s.param === 'rounds' && doc.nodes.find((n) => n.id === s.nodeId)?.kind === 'aggregator');
  if (sweptRounds && opts.rounds !== undefined) {
    return invalid([{ severity: 'error', nodeId: sweptRounds.nodeId, field: 'params.rounds', message: `--set ${sweptRounds.target} sweeps the rounds that --rounds ${opts.rounds} would override; drop one of them.` }], 'invalid sweep');
  }
  const total = sweep.points.length * seeds.length;
  const runsDir = resolve(opts.runsDir ?? defaultRunsDir());
  // --redis (or FEDFLOW_REDIS): each run's clients train on `fedflow worker` processes (README "Scaling out").
  const redis = opts.redis ?? (process.env.FEDFLOW_REDIS || undefined);
  if (opts.parallel !== undefined && opts.parallel > 1 && !redis) {
    throw new UsageError('--parallel needs --redis: runs side by side on one machine would only share its cores.');
  }
  const parallel = opts.parallel ?? 1;
  if (!opts.json) {
    const pace = parallel > 1 ? `${parallel} at a time` : 'one at a time';
    out(`FedFlow sweep ${sweep.id} · ${doc.name} · ${sweep.points.length} grid point${sweep.points.length === 1 ? '' : 's'} × ${seeds.length} seed${seeds.length === 1 ? '' : 's'} = ${total} run${total === 1 ? '' : 's'}, ${pace}, into ${runsDir}`);
  }
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  try {
    const outcome = await runSweep(doc, sweep, {
      baseDir: dirname(file),
      runsDir,
      file,
      stem,
      signal: abort.signal,
      ...(opts.out !== undefined ? { outDir: opts.out } : {}),
      ...(opts.rounds !== undefined ? { rounds: opts.rounds } : {}),
      ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
      ...(opts.backend !== undefined ? { backend: opts.backend } : {}),
      ...(redis ? { queue: { url: redis, notice: err, ...(opts.workerTimeout !== undefined ? { workerTimeoutMs: opts.workerTimeout * 1000 } : {}) } } : {}),
      ...(parallel > 1 ? { parallel } : {}),
      onRun: (run, done) => {
        const point = sweep.points[run.pointIndex].point;
        if (opts.json) {
          out(JSON.stringify({ type: 'sweep-run', sweepId: sweep.id, done, total, point, ...run }));
          return;
        }
        const figures = run.status === 'finished' ? Object.entries(run.accuracy).map(([a, x]) => `${a} ${pct(x)}`).join(', ') : `${run.status}${run.message ? `: ${run.message}` : ''}`;
        out(`[${done}/${total}] ${pointLabel(point)}, seed ${run.seed}: ${figures} (${run.id})`);
      },
    });
    if (opts.json) out(JSON.stringify({ type: 'sweep-finished', dir: outcome.dir, cancelled: outcome.cancelled, table: outcome.table }));
    else {
      out('');
      for (const line of sweepTableLines(outcome.table)) out(line);
      out(`Results in ${outcome.dir} (sweep.csv, sweep.json); each run in ${runsDir} (fedflow runs list --sweep ${sweep.id}).`);
    }
    if (outcome.cancelled) {
      err('Sweep cancelled.');
      return 130;
    }
    return outcome.runs.some((r) => r.status !== 'finished') ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
  }
}

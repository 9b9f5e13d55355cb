/** `fedflow runs list|show|compare|export|delete`: the run store from the command line. */
import { resolve } from 'node:path';
import { writeFileAtomic } from '../fs/atomicWrite.js';
import { compareRuns } from '../records/compareRuns.js';
import { defaultRunsDir, deleteRun, listRuns, readRun, type RunDetails } from '../records/runStore.js';
import { RunStoreError } from '../records/runStoreError.js';
import { runsCsv } from '../records/runsCsv.js';
import { UsageError, type CliOptions } from './cliArgs.js';
import { alignColumns, differenceLines, formatDuration, formatWhen, runsListLines, roundsCell } from './runsTable.js';
import { closest } from './suggest.js';

/** The sub-commands, in the order the help lists them. */
export const RUNS_SUBCOMMANDS = ['list', 'show', 'compare', 'export', 'delete'] as const;
type Sub = (typeof RUNS_SUBCOMMANDS)[number];

const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);

function subcommand(word: string | undefined): Sub {
  if (word === undefined) return 'list';
  if ((RUNS_SUBCOMMANDS as readonly string[]).includes(word)) return word as Sub;
  const guess = closest(word, RUNS_SUBCOMMANDS);
  throw new UsageError(`fedflow runs has no '${word}'${guess ? ` (did you mean ${guess}?)` : ''}; it takes ${RUNS_SUBCOMMANDS.join(', ')}.`, 'runs');
}

function showLines(run: RunDetails): string[] {
  const m = run.manifest;
  const env = m.environment;
  const lines = alignColumns([
    ['id', run.id],
    ['name', run.name],
    ['folder', run.dir],
    ...(run.file ? [['file', run.file]] : []),
    ['status', run.status + (run.error ? ` — ${run.error.message}` : '')],
    ['started', formatWhen(run.startedAt)],
    ...(run.endedAt ? [['ended', formatWhen(run.endedAt)]] : []),
    ['duration', formatDuration(run.durationMs)],
    ['seed', String(run.seed)],
    ['backend', `${run.backend}${m.adapter ? ` (${m.adapter})` : ''}${m.workers ? `, ${m.workers} worker${m.workers === 1 ? '' : 's'}` : ''}`],
    ['engine', `FedFlow ${m.engineVersion}, Node ${env.node}, ${env.platform} ${env.osRelease} ${env.arch}, ${env.cpus} × ${env.cpuModel}`],
    ...(run.sweep ? [['sweep', `${run.sweep.id} ${JSON.stringify(run.sweep.point)} seed ${run.sweep.seed}`]] : []),
    ['rounds', roundsCell(run.federations)],
  ]);
  for (const f of run.federations) {
    lines.push('', `${f.label} (${f.aggregatorId}): ${f.strategy}, ${f.roundsDone}/${f.rounds} rounds, accuracy ${percent(f.accuracy)}${f.epsilon !== undefined ? `, ε ${f.epsilon.toFixed(2)}` : ''}`);
    const rows = (run.history[f.aggregatorId] ?? []).map((r) => [
      String(r.round),
      r.trainLoss === null ? '—' : r.trainLoss.toFixed(4),
      r.test ? r.test.loss.toFixed(4) : '—',
      percent(r.test?.accuracy ?? null),
    ]);
    if (rows.length > 0) lines.push(...alignColumns([['ROUND', 'TRAIN LOSS', 'TEST LOSS', 'ACCURACY'], ...rows]).map((l) => `  ${l}`));
  }
  if (run.log.tornTail || run.log.skipped > 0) lines.push('', `events.jsonl: ${run.log.events} events read, ${run.log.skipped} line${run.log.skipped === 1 ? '' : 's'} skipped${run.log.tornTail ? ' (its last line was cut off)' : ''}`);
  return lines;
}

function needIds(sub: Sub, ids: string[], min: number): void {
  if (ids.length < min) throw new UsageError(`fedflow runs ${sub} needs ${min === 1 ? 'a run id' : `at least ${min} run ids`} (fedflow runs list shows them).`, 'runs');
}

/** Runs `fedflow runs …`; returns the exit code (2 for a run that is not there or cannot be deleted). */
export async function runsCommand(opts: CliOptions, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const [word, ...ids] = opts.args ?? [];
  const sub = subcommand(word);
  const root = resolve(opts.runsDir ?? defaultRunsDir());
  if (sub === 'list' && ids.length > 0) throw new UsageError(`fedflow runs list takes no run id (got '${ids[0]}'); use fedflow runs show ${ids[0]}.`, 'runs');
  try {
    switch (sub) {
      case 'list': {
        const { runs, problems } = await listRuns(root, {
          ...(opts.status ? { status: opts.status } : {}),
          ...(opts.sort ? { sort: opts.sort } : {}),
          ...(opts.name !== undefined ? { text: opts.name } : {}),
          ...(opts.sweep !== undefined ? { sweep: opts.sweep } : {}),
          ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
        });
        if (opts.json) out(JSON.stringify({ root, runs, problems }));
        else {
          if (runs.length === 0) out(`No runs in ${root}${opts.status || opts.name !== undefined || opts.sweep !== undefined ? ' that match' : ''}.`);
          else for (const line of runsListLines(runs)) out(line);
          for (const p of problems) err(`warning ${p.folder}: ${p.message}`);
        }
        return 0;
      }
      case 'show': {
        needIds(sub, ids, 1);
        const runs = await Promise.all(ids.map((id) => readRun(root, id)));
        if (opts.json) out(JSON.stringify(runs.length === 1 ? runs[0] : runs));
        else out(runs.map((r) => showLines(r).join('\n')).join('\n\n'));
        return 0;
      }
      case 'compare': {
        needIds(sub, ids, 2);
        const comparison = compareRuns(await Promise.all(ids.map((id) => readRun(root, id))));
        if (opts.json) {
          out(JSON.stringify(comparison));
          return 0;
        }
        const labels = [...new Set(comparison.runs.flatMap((r) => r.federations.map((f) => f.aggregatorId)))];
        const rows = comparison.runs.map((r) => [
          r.id,
          r.status,
          String(r.seed),
          roundsCell(r.federations),
          ...labels.map((a) => percent(r.federations.find((f) => f.aggregatorId === a)?.accuracy ?? null)),
          formatDuration(r.durationMs),
        ]);
        for (const line of alignColumns([['ID', 'STATUS', 'SEED', 'ROUNDS', ...labels.map((a) => `${a} ACCURACY`), 'DURATION'], ...rows])) out(line);
        out('');
        out('Settings that differ:');
        for (const line of differenceLines(comparison.differences)) out(`  ${line}`);
        return 0;
      }
      case 'export': {
        needIds(sub, ids, 1);
        const runs = await Promise.all(ids.map((id) => readRun(root, id)));
        const text = opts.json ? `${JSON.stringify(runs.map((r) => ({ id: r.id, name: r.name, status: r.status, seed: r.seed, history: r.history })))}\n` : runsCsv(runs);
        if (opts.out) {
          await writeFileAtomic(opts.out, text);
          err(`Wrote ${runs.length} run${runs.length === 1 ? '' : 's'} to ${opts.out}`);
        } else process.stdout.write(text);
        return 0;
      }
      case 'delete': {
        needIds(sub, ids, 1);
        // Every id is resolved before anything is deleted, so a typo in the third deletes nothing.
        const all = await Promise.all(ids.map((id) => readRun(root, id)));
        const deleted: string[] = [];
        for (const run of all) deleted.push(await deleteRun(root, run.id));
        if (opts.json) out(JSON.stringify({ deleted }));
        else for (const id of deleted) out(`Deleted ${id}`);
        return 0;
      }
    }
  } catch (e) {
    if (!(e instanceof RunStoreError)) throw e;
    if (opts.json) out(JSON.stringify({ error: e.code, id: e.id, message: e.message }));
    err(`fedflow: ${e.message}`);
    return 2;
  }
}

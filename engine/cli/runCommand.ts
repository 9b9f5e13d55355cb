/** `fedflow run <file>`: runs a pipeline with a progress bar and a round table, or as JSON lines. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../fs/atomicWrite.js';
import type { BackendName } from '../format/pipeline.js';
import { formatProblem, hasErrors, PipelineError } from '../format/problems.js';
import { readPipelineFile } from '../format/readPipelineFile.js';
import { BackendError } from '../train/backend.js';
import { htmlReport } from '../export/htmlReport.js';
import { describeLeakage } from '../attack/describeLeakage.js';
import type { PartitionInfo, RunEvent } from '../run/events.js';
import { FederationStopped } from '../run/federation.js';
import { QueueError } from '../queue/queueError.js';
import { redactRedisUrl } from '../queue/redisUrl.js';
import { RunCancelled, startRun, type RemoteClients } from '../run/run.js';
import { createRunFolder } from '../records/runFolder.js';
import { defaultRunsDir } from '../records/runStore.js';
import type { CliOptions } from './cliArgs.js';
import { defenceSummaryLines } from './defenceTableText.js';
import { ProgressBar } from './progressBar.js';
import { unexpectedErrorLines } from './errorMessage.js';
import { FALLBACK_COLUMNS, RoundTable } from './roundTable.js';


const NATIVE_PACKAGES = { node: '@tensorflow/tfjs-node', 'node-gpu': '@tensorflow/tfjs-node-gpu' } as const;

/**
 * The package a native backend needs when it is not installed. Checked before the run starts: the backend
 * is loaded in worker threads, whose errors reach this thread as plain Errors with a worker stack trace.
 */
function missingBackendPackage(backend: BackendName): string | undefined {
  if (backend !== 'node' && backend !== 'node-gpu') return undefined;
  const pkg = NATIVE_PACKAGES[backend];
  try {
    createRequire(import.meta.url).resolve(pkg);
    return undefined;
  } catch {
    return pkg;
  }
}

/** Runs a pipeline file; returns the exit code. `remote` (fedflow serve) brings the remote split's clients. */
export async function runCommand(opts: CliOptions, out: (line: string) => void, err: (line: string) => void, remote?: RemoteClients): Promise<number> {
  const file = opts.file!;
  const { doc, problems } = await readPipelineFile(file);
  for (const p of problems.filter((x) => x.severity === 'warning')) err(formatProblem(p, file));
  if (!doc || hasErrors(problems)) {
    const errors = problems.filter((p) => p.severity === 'error');
    if (opts.json) out(JSON.stringify({ type: 'failed', message: 'invalid pipeline', problems: errors }));
    else for (const p of errors) err(formatProblem(p, file));
    return 2;
  }
  const backend = opts.backend ?? doc.settings.backend;
  const missing = missingBackendPackage(backend);
  if (missing) {
    const message = `The ${backend} backend needs ${missing}, which is not installed. Install it with \`npm install ${missing}\`, or choose --backend wasm.`;
    if (opts.json) out(JSON.stringify({ type: 'failed', message }));
    else err(message);
    return 1;
  }
  // --redis (or FEDFLOW_REDIS): clients train on `fedflow worker` processes (see "Scaling out" in the README).
  const redis = opts.redis ?? (process.env.FEDFLOW_REDIS || undefined);
  // Without --out, the run gets a folder of its own in the run store (engine/runs/), named by its id.
  const folder = opts.out === undefined ? await createRunFolder(opts.runsDir ?? defaultRunsDir(), file) : undefined;
  const outDir = folder?.dir ?? opts.out!;
  const run = startRun(doc, {
    baseDir: dirname(file),
    outDir,
    ...(folder ? { runId: folder.id } : {}),
    record: { file },
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.rounds !== undefined ? { rounds: opts.rounds } : {}),
    ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
    ...(opts.backend !== undefined ? { backend: opts.backend } : {}),
    ...(opts.cohort !== undefined ? { cohort: opts.cohort } : {}),
    ...(redis ? { queue: { url: redis, notice: err, ...(opts.workerTimeout !== undefined ? { workerTimeoutMs: opts.workerTimeout * 1000 } : {}) } } : {}),
    ...(remote ? { remote } : {}),
  });
  const onSignal = () => run.cancel();
  process.once('SIGINT', onSignal);
  const bar = new ProgressBar();
  const labels = new Map<string, string>();
  let totalRounds = 0;
  let table = new RoundTable([]);
  let roundsDone = 0;
  let clientsDone = 0;
  let clientsInRound = 0;

  let partitions: PartitionInfo[] = [];
  let adapter: string | undefined;
  run.on((e: RunEvent) => {
    if (e.type === 'run-started') {
      partitions = e.partitions;
      adapter = e.adapter;
    }
    if (opts.json) {
      out(JSON.stringify(e));
      return;
    }
    switch (e.type) {
      case 'run-started':
        for (const f of e.federations) labels.set(f.aggregatorId, f.label);
        totalRounds = e.federations.reduce((s, f) => s + f.rounds, 0);
        out(`FedFlow · ${e.pipeline} · backend ${e.backend}${e.adapter ? ` (${e.adapter})` : ''} · ${e.workers} worker${e.workers === 1 ? '' : 's'} · seed ${e.seed}`);
        if (redis) out(`  clients train on fedflow workers through ${redactRedisUrl(redis)}`);
        for (const f of e.federations) {
          out(`  ${f.label}: ${f.strategy}, ${f.rounds} round${f.rounds === 1 ? '' : 's'}, ${f.clients} client${f.clients === 1 ? '' : 's'}, ${f.weights.toLocaleString('en')} weights${f.privacy ? `, differential privacy ${f.privacy}` : ''}`);
        }
        // With simulated devices the table shows the simulated clock; labels fit the terminal's width.
        table = new RoundTable(
          e.federations,
          e.federations.some((f) => f.groups.some((g) => g.speeds !== undefined)),
          process.stdout.isTTY ? process.stdout.columns || FALLBACK_COLUMNS : FALLBACK_COLUMNS,
          e.federations.some((f) => f.privacy !== undefined),
        );
        for (const w of e.warnings ?? []) err(formatProblem(w, file));
        out(table.header());
        break;
      case 'round-started':
        clientsDone = 0;
        clientsInRound = e.sampled.length;
        bar.update(roundsDone, totalRounds, `${labels.get(e.aggregatorId)} round ${e.round}: training ${clientsInRound} clients`);
        break;
      case 'client-finished':
        clientsDone++;
        bar.update(roundsDone, totalRounds, `${labels.get(e.aggregatorId)} round ${e.round}: ${clientsDone}/${clientsInRound} clients`);
        break;
      case 'evaluated':
        roundsDone++;
        bar.clear();
        out(table.row(e.aggregatorId, e.record));
        break;
      case 'client-failed':
        bar.clear();
        err(`${labels.get(e.aggregatorId) ?? e.aggregatorId} round ${e.round}: client ${e.clientId} (${e.clientNodeId}) ${e.code} — ${e.message}`);
        break;
      case 'gradient-leakage':
        bar.clear();
        out(`${labels.get(e.aggregatorId) ?? e.aggregatorId}: the server ${describeLeakage(e)}`);
        break;
      case 'diverged':
      case 'privacy-budget':
        bar.clear();
        err(e.message);
        break;
      case 'finished':
        bar.clear();
        for (const f of e.summary.federations) {
          const acc = f.final.accuracy === null ? 'no test set scored' : `test accuracy ${(f.final.accuracy * 100).toFixed(2)}%`;
          if (f.divergedAt !== undefined) out(`${f.label}: diverged in round ${f.divergedAt}`);
          else if (f.budgetStoppedAt !== undefined) out(`${f.label}: ${acc}, stopped by its ε budget before round ${f.budgetStoppedAt}`);
          else out(`${f.label}: ${acc} after ${f.rounds} round${f.rounds === 1 ? '' : 's'}`);
        }
        // Where clients poison their updates: which defence held (see "Poisoning and defences" in the README).
        for (const line of defenceSummaryLines(doc, e.summary)) out(line);
        out(`Done in ${(e.summary.wallMs / 1000).toFixed(1)} s. Models and metrics in ${outDir}`);
        break;
      default:
        break;
    }
  });

  try {
    const summary = await run.done;
    // The notebook-style report of the run, next to its metrics (see "Reports and sharing" in the README).
    try {
      await writeFileAtomic(join(outDir, 'report.html'), htmlReport(doc, summary, { partitions, ...(adapter ? { adapter } : {}) }));
    } catch (e) {
      err(`Could not write the report: ${(e as Error).message}`);
    }
    return 0;
  } catch (e) {
    bar.clear();
    if (e instanceof RunCancelled) {
      err('Run cancelled.');
      return 130;
    }
    if (e instanceof PipelineError) {
      if (!opts.json) for (const p of e.problems) err(formatProblem(p, file));
      return 2;
    }
    if (e instanceof QueueError) {
      if (!opts.json) err(`fedflow: Run failed: ${e.message}`);
      return 1;
    }
    if (e instanceof FederationStopped) {
      if (!opts.json) err(e.message);
      return 1;
    }
    // A BackendError thrown in a worker arrives as a plain Error; its stack still starts with the class name.
    const backendError = e instanceof BackendError || /^BackendError\b/.test(String((e as Error).stack));
    if (opts.json) return 1;
    if (backendError) err((e as Error).message);
    else for (const line of unexpectedErrorLines(e, opts.debug, 'Run failed')) err(line);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
  }
}

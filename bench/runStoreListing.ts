/**
 * Listing the run store by scanning its folders (engine/records/runStore.ts): 100, 500 and 2000 stored
 * runs of the MNIST template, each with a full manifest (the document as run, the machine, the figures);
 * one in 25 was killed mid-run, so its rounds are folded from its 20-round event log as the listing
 * goes. This is the figure behind "no database": the scan must stay far below what a person notices.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipelineDocument } from '../engine/format/pipeline.js';
import { engineVersion, environmentFacts } from '../engine/records/environmentFacts.js';
import { RUN_EVENTS_FORMAT } from '../engine/records/eventLog.js';
import { RUN_MANIFEST_FORMAT, type RunManifest } from '../engine/records/manifest.js';
import { listRuns } from '../engine/records/runStore.js';
import type { BenchContext } from './context.js';
import { fmt, goal, type Section } from './report.js';

/** Listing 500 runs should feel instant. */
export const LIST_500_GOAL_MS = 250;

/** A pid no process has (above Linux's default pid_max), so the killed runs read as interrupted. */
const DEAD_PID = 4_194_304 + 17;

function fillStore(root: string, count: number, templateText: string): void {
  const document = pipelineDocument.parse(JSON.parse(templateText));
  const environment = environmentFacts();
  const version = engineVersion();
  for (let i = 0; i < count; i++) {
    const id = `mnist-fedavg-20260101-${String(i).padStart(6, '0')}-abcdef`;
    const dir = join(root, id);
    mkdirSync(dir);
    const killed = i % 25 === 0;
    const started = Date.UTC(2026, 0, 1) + i * 60_000;
    const manifest: RunManifest = {
      format: RUN_MANIFEST_FORMAT,
      id,
      name: document.name,
      status: killed ? 'running' : 'finished',
      startedAt: new Date(started).toISOString(),
      ...(killed ? {} : { endedAt: new Date(started + 30_000).toISOString(), wallMs: 30_000 }),
      seed: i,
      backend: 'auto',
      resolvedBackend: 'wasm',
      workers: 2,
      engineVersion: version,
      environment,
      process: { pid: DEAD_PID, host: 'bench', startTicks: null },
      overrides: { seed: i },
      document: { ...document, seed: i },
      federations: [{ aggregatorId: 'agg', label: 'FedAvg', strategy: 'FedAvg', rounds: 20, roundsDone: killed ? 0 : 20, accuracy: killed ? null : 0.9 + i / 1e5, loss: 0.3 }],
    };
    // A same-host identity for the killed runs, so liveness is checked as it would be.
    if (killed) manifest.process = { pid: DEAD_PID, host: hostname(), startTicks: null };
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1));
    if (killed) {
      const lines = [{ type: 'run-started', runId: id, pipeline: document.name, seed: i, backend: 'wasm', workers: 2, federations: [{ aggregatorId: 'agg', label: 'FedAvg', strategy: 'FedAvg', rounds: 20, clients: 10, groups: [], weights: 109386 }], partitions: [] }];
      for (let r = 1; r <= 20; r++) {
        lines.push({ type: 'evaluated', aggregatorId: 'agg', round: r, record: { aggregatorId: 'agg', round: r, participants: 10, dropped: 0, trainLoss: 0.5, bytesUp: 0, bytesDown: 0, ms: 100, test: { examples: 1000, loss: 0.3, accuracy: 0.8, perClassAccuracy: [], confusion: [] } } } as never);
      }
      writeFileSync(join(dir, 'events.jsonl'), lines.map((event, seq) => JSON.stringify({ format: RUN_EVENTS_FORMAT, seq, at: started + seq, event })).join('\n') + '\n');
    }
  }
}

export async function runStoreListingBench(ctx: BenchContext): Promise<Section> {
  const template = readFileSync(join(ctx.root, 'templates', 'mnist-fedavg.fedflow.json'), 'utf8');
  const counts = ctx.args.quick ? [100, 500] : [100, 500, 2000];
  const rows: Section['rows'] = [];
  const data = [];
  for (const count of counts) {
    const root = mkdtempSync(join(tmpdir(), 'fedflow-bench-store-'));
    try {
      ctx.log(`run store: listing ${count} runs`);
      fillStore(root, count, template);
      const times: number[] = [];
      let listed = 0;
      let interrupted = 0;
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        const { runs } = await listRuns(root);
        times.push(performance.now() - started);
        listed = runs.length;
        interrupted = runs.filter((r) => r.status === 'interrupted').length;
      }
      if (listed !== count) throw new Error(`listed ${listed} of ${count} runs`);
      const ms = [...times].sort((a, b) => a - b)[2];
      data.push({ runs: count, ms, interrupted, first: times[0] });
      const g = count === 500 ? goal('list 500 runs (ms)', ms, '<=', LIST_500_GOAL_MS) : undefined;
      rows.push({ label: `list ${count} runs (${interrupted} interrupted)`, value: `${fmt(ms, 1)} ms (first, cold: ${fmt(times[0], 1)} ms)`, ...(g ? { goal: g } : {}) });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  return { name: 'runStoreListing', title: 'Run store: listing by scanning manifests (median of 5)', rows, data };
}

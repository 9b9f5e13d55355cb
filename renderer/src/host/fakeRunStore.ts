/**
 * The fake host's run store: every pretend run kept in memory with its events, so the Runs view (list,
 * open, compare, re-run, delete) and reattaching work in `?fake=1` as they do on a real host. Built from the
 * same pure engine pieces the real store uses (federationResults, compareRuns), so the figures agree.
 */
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import type { HostRunEvent, LiveRun, RunList, RunListRequest, StoredRun, StoredRunComparison, StoredRunEntry } from '../../../engine/host/hostApi.js';
import { compareRuns } from '../../../engine/records/compareRuns.js';
import { federationResults } from '../../../engine/records/federationResults.js';
import type { RunDetails, RunManifest, RunStatus } from '../../../engine/records/runRecordTypes.js';
import type { RoundRecord, RunEvent } from '../../../engine/run/events.js';

interface Kept {
  runId: string;
  doc: PipelineDocument;
  path: string | null;
  startedAt: number;
  endedAt?: number;
  status: Exclude<RunStatus, 'interrupted'>;
  events: HostRunEvent[];
  paused: boolean;
}

/** The fake host's runs; see the file's comment. */
export class FakeRunStore {
  private readonly runs = new Map<string, Kept>();

  /** Starts keeping a run. */
  start(runId: string, doc: PipelineDocument, path: string | null, paused = false): void {
    this.runs.set(runId, { runId, doc, path, startedAt: Date.now(), status: 'running', events: [], paused });
  }

  /** Records a pause, a step (which pauses after its round) or a resume. */
  setPaused(runId: string, paused: boolean): void {
    const kept = this.runs.get(runId);
    if (kept) kept.paused = paused;
  }

  /** Keeps one event and returns it with its seq. */
  add(runId: string, event: RunEvent): HostRunEvent {
    const kept = this.runs.get(runId);
    if (!kept) return { runId, event };
    const e = { runId, event, seq: kept.events.length };
    kept.events.push(e);
    if (event.type === 'paused' || event.type === 'resumed') kept.paused = event.type === 'paused';
    if (event.type === 'finished' || event.type === 'failed' || event.type === 'cancelled') {
      kept.status = event.type;
      kept.endedAt = Date.now();
    }
    return e;
  }

  list(request: RunListRequest = {}): RunList {
    const text = request.text?.toLowerCase();
    const runs = [...this.runs.values()]
      .map((k) => this.entry(k))
      .filter((r) => (!request.status || r.status === request.status) && (!text || r.name.toLowerCase().includes(text) || r.id.toLowerCase().includes(text)));
    runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id));
    return { runs, problems: [], stored: true };
  }

  read(runId: string): StoredRun {
    const kept = this.get(runId);
    const entry = this.entry(kept);
    const events = kept.events.map((e) => e.event);
    const manifest: RunManifest = {
      format: 'fedflow/run@1',
      id: kept.runId,
      name: kept.doc.name,
      status: kept.status,
      startedAt: entry.startedAt,
      ...(entry.endedAt ? { endedAt: entry.endedAt } : {}),
      seed: kept.doc.seed,
      backend: 'fake',
      engineVersion: 'demo',
      environment: { node: 'browser', platform: 'browser', arch: '', osRelease: '', cpus: 2, cpuModel: '', totalMemoryBytes: 0 },
      process: { pid: 0, host: 'browser', startTicks: null },
      overrides: {},
      document: kept.doc,
      federations: entry.federations,
    };
    return { ...entry, document: kept.doc, manifest, events, history: historyOf(events) };
  }

  compare(runIds: string[]): StoredRunComparison {
    if (!Array.isArray(runIds) || runIds.length < 2) throw new Error('Compare 2 to 8 runs, named by their ids.');
    const details = runIds.map((id) => {
      const run = this.read(id);
      return { ...run, dir: '', log: { events: run.events.length, skipped: 0, tornTail: false } } as RunDetails;
    });
    return { ...compareRuns(details), histories: details.map((d) => d.history) };
  }

  delete(runId: string): string {
    const kept = this.get(runId);
    if (kept.status === 'running') throw new Error(`Run ${runId} is still going; stop it before deleting it.`);
    this.runs.delete(runId);
    return runId;
  }

  live(): LiveRun[] {
    return [...this.runs.values()].filter((k) => k.status === 'running').map((k) => ({ runId: k.runId, doc: k.doc, path: k.path, paused: k.paused, events: [...k.events] }));
  }

  private get(runId: string): Kept {
    const kept = typeof runId === 'string' ? this.runs.get(runId) : undefined;
    if (!kept) throw new Error(`There is no run '${String(runId).slice(0, 80)}' in the run store.`);
    return kept;
  }

  private entry(k: Kept): StoredRunEntry {
    const end = k.endedAt ?? Date.now();
    return {
      id: k.runId,
      name: k.doc.name,
      ...(k.path ? { file: k.path } : {}),
      status: k.status,
      startedAt: new Date(k.startedAt).toISOString(),
      ...(k.endedAt ? { endedAt: new Date(k.endedAt).toISOString() } : {}),
      durationMs: end - k.startedAt,
      seed: k.doc.seed,
      backend: 'fake',
      federations: federationResults(k.events.map((e) => e.event)),
    };
  }
}

function historyOf(events: readonly RunEvent[]): Record<string, RoundRecord[]> {
  const history: Record<string, RoundRecord[]> = {};
  for (const e of events) if (e.type === 'evaluated') (history[e.aggregatorId] ??= []).push(e.record);
  return history;
}

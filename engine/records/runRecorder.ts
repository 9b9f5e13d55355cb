/**
 * Recording a run into its folder as it goes: the manifest at the start (status `running`, the document as
 * run, the process that runs it), every event appended to `events.jsonl`, the manifest again once the
 * backend has started and at the end with the status and final figures. Fed by the Run itself
 * (engine/run/run.ts) whenever a run has an output folder, so the CLI, the hosts, exported scripts and
 * sweeps all leave the same record.
 */
import { mkdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { PipelineDocument } from '../format/pipeline.js';
import type { RunEvent } from '../run/events.js';
import { documentAsRun } from './documentAsRun.js';
import { engineVersion, environmentFacts } from './environmentFacts.js';
import { EVENTS_FILE, EventLogWriter } from './eventLog.js';
import { foldFederation } from './federationResults.js';
import { RUN_MANIFEST_FORMAT, writeManifest, type RunManifest, type RunOverrides, type SweepMembership } from './manifest.js';
import { currentProcess } from './processIdentity.js';

/** What a caller knows of a run that the run itself does not: its file, its place in a sweep. */
export interface RunRecordInfo {
  /** The pipeline file it was started from. */
  file?: string;
  sweep?: SweepMembership;
}

/** Where and what to record. */
export interface RecorderOptions extends RunRecordInfo {
  dir: string;
  doc: PipelineDocument;
  overrides: RunOverrides;
  baseDir?: string;
}

/** Writes one run's record; see the file's comment. Never throws from `record`: a full disk must not stop training. */
export class RunRecorder {
  private manifest: RunManifest;
  private writes: Promise<void> = Promise.resolve();
  private writeError: Error | undefined;

  private constructor(
    private readonly dir: string,
    manifest: RunManifest,
    private readonly log: EventLogWriter,
  ) {
    this.manifest = manifest;
  }

  /** Creates the folder (if needed), writes the first manifest and opens the event log. */
  static async open(options: RecorderOptions): Promise<RunRecorder> {
    const { dir, doc, overrides } = options;
    await mkdir(dir, { recursive: true });
    const document = documentAsRun(doc, overrides);
    const manifest: RunManifest = {
      format: RUN_MANIFEST_FORMAT,
      id: basename(resolve(dir)),
      name: doc.name,
      ...(options.file ? { file: resolve(options.file) } : {}),
      ...(options.baseDir !== undefined ? { baseDir: resolve(options.baseDir) } : {}),
      status: 'running',
      startedAt: new Date().toISOString(),
      seed: document.seed,
      backend: document.settings.backend,
      engineVersion: engineVersion(),
      environment: environmentFacts(),
      process: currentProcess(),
      overrides,
      document,
      federations: [],
      ...(options.sweep ? { sweep: options.sweep } : {}),
    };
    await writeManifest(dir, manifest);
    return new RunRecorder(dir, manifest, new EventLogWriter(join(dir, EVENTS_FILE)));
  }

  /** Appends the event and, on the start and the end, rewrites the manifest. */
  record(event: RunEvent): void {
    try {
      this.log.append(event);
    } catch (e) {
      this.writeError ??= e as Error;
    }
    const m = { ...this.manifest, federations: foldFederation(this.manifest.federations, event) };
    switch (event.type) {
      case 'run-started':
        this.update({ ...m, seed: event.seed, resolvedBackend: event.backend, workers: event.workers, ...(event.adapter ? { adapter: event.adapter } : {}) });
        return;
      case 'finished':
        this.update({ ...m, status: 'finished', endedAt: new Date().toISOString(), wallMs: event.summary.wallMs });
        return;
      case 'failed':
        this.update({
          ...m,
          status: 'failed',
          endedAt: new Date().toISOString(),
          error: { message: event.message, ...(event.nodeId ? { nodeId: event.nodeId } : {}), ...(event.field ? { field: event.field } : {}) },
        });
        return;
      case 'cancelled':
        this.update({ ...m, status: 'cancelled', endedAt: new Date().toISOString() });
        return;
      default:
        // Rounds are in the event log; the manifest is only rewritten at the start and the end.
        this.manifest = m;
    }
  }

  private update(next: RunManifest): void {
    this.manifest = next;
    this.writes = this.writes.then(() => writeManifest(this.dir, next)).catch((e: Error) => void (this.writeError ??= e));
  }

  /** Waits for the manifest's last write and closes the log; resolves with the first write error, if any. */
  async close(): Promise<Error | undefined> {
    await this.writes;
    try {
      this.log.close();
    } catch (e) {
      this.writeError ??= e as Error;
    }
    return this.writeError;
  }
}

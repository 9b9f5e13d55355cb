/**
 * An in-memory HostApi for trying the workbench without an engine and for UI tests (`?fake=1`). Files
 * live in a map under `/workspace`, templates are the real ones bundled as text, runs are pretend
 * (FakeRun), and crash recovery is kept in localStorage so a reload can offer to restore.
 */
import type {
  ExportResult,
  FileVersion,
  HostApi,
  HostInfo,
  HostRunEvent,
  OpenedFile,
  OpenOptions,
  PipelineCheck,
  RecentFile,
  RunAction,
  RunRequest,
  SavedFile,
  TemplateEntry,
} from '../../../engine/host/hostApi.js';
import { parsePipelineText } from '../../../engine/format/validate.js';
import { HostError } from '../../../engine/host/hostError.js';
import {
  DEFAULT_RECOVERY_SLOT,
  keptDocuments,
  readRecoverySlots,
  recoveryFileValue,
  withSlotSaved,
  type KeptRecoveryDocument,
  type RecoveryDocument,
} from '../../../engine/host/recoverySlots.js';
import { htmlReport } from '../../../engine/export/htmlReport.js';
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import type { PartitionInfo, RunSummary } from '../../../engine/run/events.js';
import { FakeFiles, fakeFileVersion } from './fakeFiles.js';
import { FakeRun } from './fakeRun.js';
import { FakeRunStore } from './fakeRunStore.js';
import { fakeSweeps } from './fakeSweep.js';

const templateTexts = import.meta.glob('../../../templates/*.fedflow.json', { query: '?raw', import: 'default' }) as Record<
  string,
  () => Promise<string>
>;

const RECOVERY_KEY = 'fedflow-fake-recovery';
const WORKSPACE = '/workspace';

export interface FakeHostOptions {
  /** Milliseconds per pretend round (tests make it short). */
  roundMs?: number;
  /** Storage for crash recovery; localStorage by default, none when null. */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  /**
   * What checkPipeline finds beyond validation, for a valid document: tests give data-dependent problems
   * and partitions here. Without it the demo host, which loads no data, finds nothing more.
   */
  checkData?: (doc: PipelineDocument) => Partial<PipelineCheck>;
}

const templateId = (path: string) => path.replace(/^.*\//, '').replace(/\.fedflow\.json$/, '');
const baseName = (path: string) => path.replace(/^.*\//, '');

/** Creates the fake host with a small workspace: one good file, one that is not JSON, one from a newer version. */
export function createFakeHost(options: FakeHostOptions = {}): HostApi {
  const storage = options.storage === undefined ? safeLocalStorage() : options.storage;
  const files = new FakeFiles();
  const recent: RecentFile[] = [];
  const listeners = new Set<(e: HostRunEvent) => void>();
  const runs = new Map<string, FakeRun>();
  const finished = new Map<string, { doc: PipelineDocument; summary: RunSummary; partitions: PartitionInfo[]; adapter?: string }>();
  const store = new FakeRunStore();
  let runCounter = 0;
  let seeded: Promise<void> | null = null;

  const readStoredSlots = () => {
    try {
      return readRecoverySlots(JSON.parse(storage?.getItem(RECOVERY_KEY) ?? '[]'));
    } catch {
      return [];
    }
  };

  const seed = () =>
    (seeded ??= (async () => {
      const mnist = await readTemplate('mnist-fedavg');
      if (mnist) files.set(`${WORKSPACE}/my-first-pipeline.fedflow.json`, mnist);
      files.set(`${WORKSPACE}/broken.fedflow.json`, '{\n  "format": "fedflow/pipeline@1",\n  "name": "Broken",\n  "nodes": [\n');
      files.set(
        `${WORKSPACE}/from-the-future.fedflow.json`,
        JSON.stringify({ format: 'fedflow/pipeline@99', name: 'From the future', nodes: [] }, null, 2),
      );
    })());

  const touch = (path: string) => {
    const i = recent.findIndex((r) => r.path === path);
    if (i >= 0) recent.splice(i, 1);
    recent.unshift({ path, name: baseName(path), openedAt: Date.now() });
  };

  const emit = (e: HostRunEvent) => {
    for (const l of listeners) l(e);
  };

  const api: HostApi = {
    async info(): Promise<HostInfo> {
      return { host: 'web', version: 'demo', backend: 'fake', workers: 2, platform: 'browser' };
    },
    async listTemplates(): Promise<TemplateEntry[]> {
      const entries: TemplateEntry[] = [];
      for (const path of Object.keys(templateTexts).sort()) {
        const text = await templateTexts[path]();
        const { doc } = parsePipelineText(text);
        entries.push({ id: templateId(path), name: doc?.name ?? templateId(path), description: doc?.description ?? '' });
      }
      return entries;
    },
    async openTemplate(id: string): Promise<OpenedFile> {
      const text = await readTemplate(id);
      if (text === null) throw new Error(`There is no template '${id}'.`);
      const { doc } = parsePipelineText(text);
      return { path: null, name: doc?.name ?? id, text, problems: [], version: fakeFileVersion(text) };
    },
    async openFile(path?: string, open?: OpenOptions): Promise<OpenedFile | null> {
      await seed();
      if (path === undefined) return null;
      const read = files.read(path);
      if (read === undefined) throw new Error(`Cannot open ${path}: no such file.`);
      if (!open?.peek) touch(path);
      return { path, name: baseName(path), text: read.text, problems: parsePipelineText(read.text).problems, version: read.version };
    },
    async listFiles(): Promise<RecentFile[]> {
      await seed();
      return files.paths().sort().map((path) => ({ path, name: baseName(path), openedAt: 0 }));
    },
    async saveFile(text: string, path?: string | null, suggestedName?: string, expected?: FileVersion | null): Promise<SavedFile | null> {
      await seed();
      let target = path ?? null;
      if (!target) {
        const name = (suggestedName ?? 'pipeline.fedflow.json').replace(/[^A-Za-z0-9._-]+/g, '-');
        const stem = name.replace(/\.fedflow\.json$/, '');
        target = `${WORKSPACE}/${stem}.fedflow.json`;
        for (let i = 2; files.has(target); i++) target = `${WORKSPACE}/${stem}-${i}.fedflow.json`;
      }
      // A save where the tab's file lives checks its version as the Node host does; a new name never does.
      const version = files.write(target, text, path ? expected : null);
      touch(target);
      return { path: target, name: baseName(target), version };
    },
    async recentFiles(): Promise<RecentFile[]> {
      return [...recent];
    },
    async saveRecovery(documents: RecoveryDocument[], slot?: string): Promise<void> {
      if (!storage) return;
      // Slots as the Node host keeps them (engine/host/recoverySlots.ts): tabs share this localStorage.
      const slots = withSlotSaved(readStoredSlots(), slot ?? DEFAULT_RECOVERY_SLOT, documents, Date.now());
      if (slots.length === 0) storage.removeItem(RECOVERY_KEY);
      else storage.setItem(RECOVERY_KEY, JSON.stringify(recoveryFileValue(slots)));
    },
    async loadRecovery(): Promise<KeptRecoveryDocument[]> {
      return keptDocuments(readStoredSlots());
    },
    async startRun(request: RunRequest): Promise<{ runId: string }> {
      const { doc, problems } = parsePipelineText(request.text);
      // Refused as the real host refuses: with the problems as values, for the Problems panel.
      const errors = problems.filter((p) => p.severity === 'error');
      if (!doc) throw new HostError(errors[0]?.message ?? 'The document cannot be read.', errors);
      if (errors.length > 0) throw new HostError(errors[0].message, errors);
      const runId = `fake-${++runCounter}`;
      const runDoc = request.seed === undefined ? doc : { ...doc, seed: request.seed };
      let partitions: PartitionInfo[] = [];
      let adapter: string | undefined;
      store.start(runId, runDoc, request.path ?? null, request.startPaused === true);
      const run = new FakeRun(runId, runDoc, (event) => {
        if (event.type === 'run-started') {
          partitions = event.partitions;
          adapter = event.adapter;
        }
        if (event.type === 'finished') finished.set(runId, { doc: runDoc, summary: event.summary, partitions, ...(adapter ? { adapter } : {}) });
        emit(store.add(runId, event));
        if (event.type === 'finished' || event.type === 'failed' || event.type === 'cancelled') runs.delete(runId);
      }, { roundMs: options.roundMs, startPaused: request.startPaused, rounds: request.rounds });
      runs.set(runId, run);
      return { runId };
    },
    async controlRun(runId: string, action: RunAction): Promise<void> {
      const run = runs.get(runId);
      if (!run) throw new Error(`Run ${runId} is not running.`);
      run.control(action);
      if (action !== 'stop') store.setPaused(runId, action !== 'resume');
    },
    onRunEvent(listener: (e: HostRunEvent) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async exportScript(text: string, path: string | null): Promise<ExportResult> {
      const { doc } = parsePipelineText(text);
      const script = [
        '// Exported by FedFlow Studio (demo host): runs the pipeline with the engine.',
        "import { startRun, parsePipeline } from 'fedflow-studio';",
        '',
        `const document = ${JSON.stringify(doc ?? {}, null, 2)};`,
        '',
        'const { doc } = parsePipeline(document);',
        'const run = startRun(doc!, {});',
        'run.on((e) => console.log(JSON.stringify(e)));',
        'await run.done;',
        '',
      ].join('\n');
      return { text: script, path: path ? path.replace(/\.fedflow\.json$/, '.ts') : null };
    },
    async exportReport(_text: string, _path: string | null, runId: string): Promise<ExportResult> {
      const kept = finished.get(runId);
      if (!kept) throw new Error('There is no finished run to report; run the pipeline first.');
      return { text: htmlReport(kept.doc, kept.summary, { partitions: kept.partitions, ...(kept.adapter ? { adapter: kept.adapter } : {}) }), path: null };
    },
    listRuns: async (request) => store.list(request),
    readRun: async (runId) => store.read(runId),
    compareRuns: async (runIds) => store.compare(runIds),
    deleteRun: async (runId) => store.delete(runId),
    liveRuns: async () => store.live(),
    startSweep: (request) => sweeps.startSweep(request),
    stopSweep: (sweepId) => sweeps.stopSweep(sweepId),
    sweepStatus: () => sweeps.sweepStatus(),
    readSweep: (sweepId) => sweeps.readSweep(sweepId),
    // The demo host trains in the page: there is no queue.
    listWorkers: async () => ({ url: null, workers: [] }),
    // The demo runs in the page, which cannot listen on a network port: serving needs fedflow studio or the app.
    startServe: async () => {
      throw new Error('The demo host cannot serve: a federation server listens on a network port, which a web page cannot. Serve with fedflow studio, the desktop app, or fedflow serve.');
    },
    stopServe: async () => undefined,
    serveStatus: async () => null,
    async checkPipeline(text: string): Promise<PipelineCheck> {
      const { doc, problems } = parsePipelineText(text);
      if (!doc || problems.some((p) => p.severity === 'error')) return { problems };
      const found = options.checkData?.(doc) ?? {};
      return { ...found, problems: [...problems, ...(found.problems ?? [])] };
    },
  };
  const sweeps = fakeSweeps(api);
  return api;
}

async function readTemplate(id: string): Promise<string | null> {
  const key = Object.keys(templateTexts).find((path) => templateId(path) === id);
  return key ? templateTexts[key]() : null;
}

function safeLocalStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/**
 * The one implementation of the HostApi over Node: files, templates, runs and export. The Electron host
 * (in its engine process) and the web host both wrap it, so the two cannot drift apart.
 *
 * Every argument comes from the renderer and is checked here, whatever the transport. In web mode every
 * path must lie inside the workspace folder (links followed), pipelines are written only as
 * `*.fedflow.json` and data files only read from the workspace or the templates. In Electron mode the user
 * chooses files in native dialogs; a path the user never chose (engine/host/fileGrants.ts) is refused for
 * opening, saving and running, and a run reads data only next to its chosen pipeline file or from the
 * templates (engine/host/dataFiles.ts), so a compromised page can neither read nor overwrite other files.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { readRegularTextFile } from '../fs/readRegularFile.js';
import { availableParallelism } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { exportScript } from '../export/exportScript.js';
import { htmlReport } from '../export/htmlReport.js';
import type { BackendName, PipelineDocument } from '../format/pipeline.js';
import { formatProblem, PipelineError, type Problem } from '../format/problems.js';
import type { PartitionInfo, RunEvent, RunSummary } from '../run/events.js';
import { startRun, type RemoteClients, type Run } from '../run/run.js';
import { resolveBackend } from '../train/backend.js';
import { createRunFolder } from '../records/runFolder.js';
import { writeFileAtomic } from '../fs/atomicWrite.js';
import { dataPathProblems } from './dataFiles.js';
import { FileGrants } from './fileGrants.js';
import { changedOnDiskError, currentVersion, fileVersion, isFileVersion } from './fileVersion.js';
import { HostError } from './hostError.js';
import type {
  ExportResult,
  FileVersion,
  HostApi,
  HostInfo,
  HostRunEvent,
  OpenedFile,
  OpenOptions,
  RecentFile,
  RunAction,
  RunRequest,
  SavedFile,
  TemplateEntry,
} from './hostApi.js';
import { HostState, isRecoveryDocument, type RecoveryDocument } from './hostState.js';
import { createOffLoopParser } from './parseOffLoop.js';
import { serveHostApi } from './serveHost.js';
import { packageVersion } from './packagePaths.js';
import { isRecoverySlotId } from './recoverySlots.js';
import { isInside, resolveInside } from './safePath.js';
import { LiveRunLog } from './liveRunLog.js';
import { storedRunsApi } from './storedRuns.js';
import { sweepHostApi } from './sweepHost.js';
import { pipelineChecksApi } from './pipelineChecks.js';
import { queueStatusApi } from './queueStatus.js';
import type { QueueSettings } from '../queue/queueExecutor.js';
import { redactRedisUrl } from '../queue/redisUrl.js';

/** What a Save As asks the user for. */
export interface SaveRequest {
  /** A file name to offer, e.g. `my-pipeline.fedflow.json` or `my-pipeline.ts`. */
  suggestedName: string;
  kind: 'pipeline' | 'script' | 'report';
}

export interface NodeHostOptions {
  /** The web host's root: files may be opened and saved only under it. Electron: the default folder. */
  workspaceDir: string;
  /** The bundled `*.fedflow.json` templates (and their `data/`). */
  templatesDir: string;
  /** Where recent files and crash recovery are kept. */
  stateDir: string;
  host: 'electron' | 'web';
  /** Asks the user for a pipeline file to open (a native dialog); null when cancelled. */
  pickFile?: () => Promise<string | null>;
  /** Asks the user where to save (a native dialog); null when cancelled. */
  pickSavePath?: (request: SaveRequest) => Promise<string | null>;
  /** Each run writes its models and metrics to a new folder here; nothing is written when absent. */
  runsDir?: string;
  /** Worker threads and backend for every run, overriding the documents' settings (tests use these). */
  runDefaults?: { workers?: number; backend?: BackendName };
  /** Train every run's (and sweep's) clients on `fedflow worker` processes through this Redis queue (engine/queue/). */
  queue?: QueueSettings;
}

/** The HostApi plus what its owner needs to shut it down. */
export interface NodeHost extends HostApi {
  /** Cancels every run, waits for them to stop and for pending state writes. */
  close(): Promise<void>;
}

const PIPELINE_EXT = '.fedflow.json';
const TEMPLATE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,100}$/;
/** Larger pipeline files are refused; a real one is a few kilobytes. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;
const MAX_LISTED = 1000;
const LIST_DEPTH = 6;
/** How many finished runs' summaries are kept for reports. */
const KEPT_RUNS = 20;

/** What a finished run leaves for its report. */
interface KeptRun {
  doc: PipelineDocument;
  summary: RunSummary;
  partitions: PartitionInfo[];
  adapter?: string;
  finishedAt: Date;
}

/** An error whose message is shown to the user as it is. */
const userError = (message: string) => new Error(message);

function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw userError(`${what} must be text.`);
  return value;
}

function optionalInteger(value: unknown, what: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw userError(`${what} must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

/** A safe file name from a user's suggestion: one path segment, no odd characters, the given extension. */
export function safeFileName(suggested: unknown, ext: string): string {
  const base = typeof suggested === 'string' ? (suggested.split(/[\\/]/).pop() ?? '') : '';
  const stem = base
    .replace(/\.fedflow\.json$|\.json$|\.ts$|\.html$/i, '')
    .replace(/[^\w\-. ()]+/g, '-')
    .replace(/^[.\s-]+|[.\s]+$/g, '')
    .slice(0, 80);
  return `${stem || 'pipeline'}${ext}`;
}

/** A pipeline's problems as one message, each naming its node and field. */
export function problemsMessage(intro: string, problems: readonly Problem[]): string {
  return [intro, ...problems.map((p) => `  ${formatProblem(p)}`)].join('\n');
}

/** The error for a pipeline the host refuses: the message lists the problems, and it carries them as values. */
const problemsError = (intro: string, problems: readonly Problem[]) => new HostError(problemsMessage(intro, problems), problems);

/** The text without the BOM some editors add, which is not part of the JSON. */
const withoutBom = (text: string) => text.replace(/^\uFEFF/, '');

/** Creates the Node host. */
export function createNodeHost(options: NodeHostOptions): NodeHost {
  const web = options.host === 'web';
  const workspaceDir = resolve(options.workspaceDir);
  const templatesDir = resolve(options.templatesDir);
  // Hosts on different workspaces keep their crash recovery apart; Electron has one.
  const recoveryFile = web
    ? `recovery-${createHash('sha256').update(workspaceDir).digest('hex').slice(0, 16)}.json`
    : 'recovery.json';
  const state = new HostState(resolve(options.stateDir), recoveryFile);
  /** The files the user chose (Electron): the only ones the page may name. */
  const grants = new FileGrants(workspaceDir, () => state.recent());
  const runs = new Map<string, Run>();
  const endedRuns = new Set<string>();
  const keptRuns = new Map<string, KeptRun>();
  /** Reports being written into run folders, awaited by close(). */
  const reportWrites = new Set<Promise<void>>();
  const listeners = new Set<(e: HostRunEvent) => void>();
  /** Live runs' events from their start, for a page that reloads mid-run (engine/host/liveRunLog.ts). */
  const liveLog = new LiveRunLog();
  /** Runs whose report is being written into their folder, after their end. */
  const reportingRuns = new Set<string>();
  // A run is busy until its last file is written: deleting its folder before would race the writes.
  const { storedReport, ...stored } = storedRunsApi(
    options.runsDir ? resolve(options.runsDir) : undefined,
    (id) => liveLog.has(id) || runs.has(id) || reportingRuns.has(id) || sweeps.currentRunId() === id,
  );
  let backend: Promise<string> | undefined;

  const grant = (p: string) => grants.grant(p);

  /** A path the renderer names in Electron mode, checked for its shape only: absolute, a .json file. */
  function desktopPath(p: unknown): string {
    const path = requireString(p, 'The file path');
    if (!isAbsolute(path) || path.includes('\0') || !path.endsWith('.json')) {
      throw userError(`FedFlow opens pipeline files (*.json) given by their full path; '${path}' is not one.`);
    }
    return resolve(path);
  }

  /** A path the renderer asks to read, checked. */
  async function readablePath(p: unknown): Promise<string> {
    if (web) {
      const inside = await resolveInside(workspaceDir, p);
      if (!inside || !inside.endsWith('.json')) {
        throw userError(`FedFlow can open only .json files inside its workspace folder (${workspaceDir}).`);
      }
      return inside;
    }
    const path = desktopPath(p);
    if (!(await grants.isChosen(path))) {
      throw userError(`FedFlow opens only files you chose; use Open… to pick '${basename(path)}'.`);
    }
    return path;
  }

  /** A path the renderer asks to write, checked. */
  async function writablePath(p: unknown): Promise<string> {
    if (web) {
      const inside = await resolveInside(workspaceDir, p);
      if (!inside || !inside.endsWith(PIPELINE_EXT)) {
        throw userError(`FedFlow saves only *${PIPELINE_EXT} files inside its workspace folder (${workspaceDir}).`);
      }
      return inside;
    }
    const path = desktopPath(p);
    if (!(await grants.isChosen(path))) {
      throw userError(`FedFlow saves only to files you opened or chose; use Save As to pick '${basename(path)}'.`);
    }
    return path;
  }

  async function readText(path: string): Promise<string> {
    try {
      // A FIFO swapped in after a stat would otherwise hold one of libuv's few file threads forever, and with
      // them every request of the studio (readRegularTextFile checks the open handle).
      const read = await readRegularTextFile(path, MAX_FILE_BYTES);
      if (read.ok) return read.text;
      throw userError(read.reason === 'not-a-file' ? `${path} is not a file.` : `${path} is too large to be a pipeline (${read.size} bytes).`);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        await state.removeRecent(path).catch(() => undefined);
        throw userError(`No such file: ${path}`);
      }
      if (code) throw userError(`Cannot read ${path}: ${(e as Error).message}`);
      throw e;
    }
  }

  // Large documents are parsed and validated in a worker thread, so one file cannot freeze the host.
  const parser = createOffLoopParser();
  /** Parses text as a pipeline; the BOM some editors add is not part of the JSON. */
  const parse = (text: string) => parser.parse(withoutBom(text));
  const problemsOf = (text: string) => parser.problems(withoutBom(text));

  /** A new file name in the workspace for a Save As without a dialog (web); never overwrites. */
  async function freshWorkspacePath(suggested: unknown): Promise<string> {
    const name = safeFileName(suggested, PIPELINE_EXT);
    const stem = name.slice(0, -PIPELINE_EXT.length);
    for (let i = 1; i < 1000; i++) {
      const candidate = join(workspaceDir, i === 1 ? name : `${stem}-${i}${PIPELINE_EXT}`);
      try {
        await stat(candidate);
      } catch {
        return candidate;
      }
    }
    throw userError(`Too many files named ${stem} in ${workspaceDir}.`);
  }

  async function listWorkspace(): Promise<RecentFile[]> {
    const found: RecentFile[] = [];
    const walk = async (dir: string, depth: number): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        if (found.length >= MAX_LISTED) return;
        if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
        const full = join(dir, entry.name);
        if (entry.isDirectory() && depth < LIST_DEPTH) await walk(full, depth + 1);
        else if (entry.isFile() && entry.name.endsWith(PIPELINE_EXT)) {
          const info = await stat(full).catch(() => null);
          if (info) found.push({ path: full, name: relative(workspaceDir, full).split(sep).join('/'), openedAt: info.mtimeMs });
        }
      }
    };
    await walk(workspaceDir, 0);
    return found.sort((a, b) => a.name.localeCompare(b.name));
  }

  async function recentFiles(): Promise<RecentFile[]> {
    const recent = await state.recent();
    const exists = await Promise.all(recent.map((r) => stat(r.path).then((s) => s.isFile(), () => false)));
    return recent.filter((r, i) => exists[i] && (!web || isInside(workspaceDir, resolve(r.path))));
  }

  async function templateEntries(): Promise<TemplateEntry[]> {
    const names = (await readdir(templatesDir).catch(() => [] as string[])).filter(
      (n) => n.endsWith(PIPELINE_EXT) && TEMPLATE_ID.test(n.slice(0, -PIPELINE_EXT.length)),
    );
    const entries = await Promise.all(
      names.sort().map(async (n): Promise<TemplateEntry> => {
        const id = n.slice(0, -PIPELINE_EXT.length);
        try {
          const doc = JSON.parse(await readFile(join(templatesDir, n), 'utf8')) as { name?: unknown; description?: unknown };
          return {
            id,
            name: typeof doc.name === 'string' ? doc.name : id,
            description: typeof doc.description === 'string' ? doc.description : '',
          };
        } catch {
          return { id, name: id, description: '' };
        }
      }),
    );
    return entries;
  }

  /**
   * A run reads data only from allowed folders: in web mode the workspace and the templates; in Electron
   * mode the folder of the pipeline file the user chose (`path`, already checked) and the templates.
   */
  async function outsideDataProblems(doc: PipelineDocument, baseDir: string, path: string | null): Promise<Problem[]> {
    const allowed = web ? [workspaceDir, templatesDir] : [...(path ? [dirname(path)] : []), templatesDir];
    const outside = (value: string) =>
      web
        ? `'${value}' is outside the workspace folder; the web studio reads data only from ${workspaceDir}.`
        : path
          ? `'${value}' is outside the pipeline's folder; FedFlow reads data only from ${dirname(path)}, where the pipeline file is, and from the templates.`
          : `'${value}' is outside the templates; FedFlow reads an unsaved pipeline's data only from the templates. Save the pipeline next to its data first.`;
    return dataPathProblems(doc, baseDir, allowed, outside);
  }

  /** Throws the problems of outsideDataProblems, if any: the pipeline cannot run. */
  async function checkDataPaths(doc: PipelineDocument, baseDir: string, path: string | null): Promise<void> {
    const problems = await outsideDataProblems(doc, baseDir, path);
    if (problems.length > 0) throw problemsError('The pipeline cannot run:', problems);
  }

  function emit(e: HostRunEvent): void {
    for (const l of listeners) {
      try {
        l(e);
      } catch {
        // A failing subscriber must not stop the run or the other subscribers.
      }
    }
  }

  // Declared after the helpers it uses; the store's isLive above only calls it once a page asks.
  const sweeps = sweepHostApi({
    runsDir: options.runsDir ? resolve(options.runsDir) : undefined,
    checkedPath: (p) => (p === undefined || p === null ? Promise.resolve(null) : readablePath(p)),
    parse,
    baseDirOf: (path) => (path ? dirname(path) : templatesDir),
    checkDataPaths,
    stemOf: (doc, path) => safeFileName(path ? basename(path) : doc.name, ''),
    ...(options.runDefaults ? { runDefaults: options.runDefaults } : {}),
    ...(options.queue ? { queue: options.queue } : {}),
  });
  const { startSweep, stopSweep, sweepStatus, readSweep, close: closeSweeps } = sweeps;
  const queue = queueStatusApi(options.queue?.url);
  // Data-dependent problems while the user edits: the same check as `fedflow validate` (engine/host/pipelineChecks.ts).
  const { checkPipeline } = pipelineChecksApi({
    checkedPath: (p) => (p === undefined || p === null ? Promise.resolve(null) : readablePath(p)),
    parse,
    baseDirOf: (path) => (path ? dirname(path) : templatesDir),
    outsideDataProblems,
    ...(options.runDefaults ? { runDefaults: options.runDefaults } : {}),
  });

  /**
   * Starts a run of the page's document and makes it one of the host's runs: its events reach every
   * listener and the live log, its report is kept. `remote` makes it a served run (startServe).
   */
  async function launchRun(request: RunRequest, remote?: RemoteClients): Promise<{ runId: string; run: Run; outDir?: string }> {
    if (typeof request !== 'object' || request === null) throw userError('A run needs a request.');
    const text = requireString(request.text, 'The document');
    const rounds = optionalInteger(request.rounds, 'Rounds', 1, 100000);
    const seed = optionalInteger(request.seed, 'The seed', 0, 2 ** 32 - 1);
    const path = request.path === undefined || request.path === null ? null : await readablePath(request.path);
    const { doc, problems } = await parse(text);
    const errors = problems.filter((p) => p.severity === 'error');
    if (!doc || errors.length > 0) throw problemsError('The pipeline cannot run:', errors);
    // Relative data paths resolve against the file's folder; an unsaved document came from a template.
    const baseDir = path ? dirname(path) : templatesDir;
    await checkDataPaths(doc, baseDir, path);
    const stem = safeFileName(path ? basename(path) : doc.name, '');
    // A folder of its own in the run store (engine/records/): two runs in the same second no longer share one.
    const folder = options.runsDir ? await createRunFolder(resolve(options.runsDir), stem) : undefined;
    const outDir = folder?.dir;
    const run = startRun(doc, {
      baseDir,
      // Validated off the loop just now: planning does not validate again on it.
      problems,
      ...(rounds !== undefined ? { rounds } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(request.startPaused === true ? { startPaused: true } : {}),
      ...(options.runDefaults?.workers !== undefined ? { workers: options.runDefaults.workers } : {}),
      ...(options.runDefaults?.backend !== undefined ? { backend: options.runDefaults.backend } : {}),
      ...(folder ? { outDir: folder.dir, runId: folder.id } : {}),
      ...(path ? { record: { file: path } } : {}),
      ...(options.queue ? { queue: options.queue } : {}),
      ...(remote ? { remote } : {}),
    });
    const runId = run.id;
    runs.set(runId, run);
    liveLog.start(runId, doc, path, request.startPaused === true);
    let started: Extract<RunEvent, { type: 'run-started' }> | undefined;
    let kept: KeptRun | undefined;
    run.on((event: RunEvent) => {
      if (event.type === 'run-started') started = event;
      if (event.type === 'finished') {
        // Kept as the event goes out, so the renderer may ask for the report as soon as it sees the end.
        kept = { doc, summary: event.summary, partitions: started?.partitions ?? [], finishedAt: new Date(), ...(started?.adapter ? { adapter: started.adapter } : {}) };
        keptRuns.set(runId, kept);
        for (const old of keptRuns.keys()) if (keptRuns.size > KEPT_RUNS) keptRuns.delete(old);
      }
      emit(liveLog.add(runId, event));
    });
    const settle = () => {
      runs.delete(runId);
      liveLog.end(runId);
      endedRuns.add(runId);
    };
    run.done.then(() => {
      settle();
      // The report goes next to the run's metrics, as `fedflow run` writes it.
      if (outDir && kept) {
        const write = writeFileAtomic(join(outDir, 'report.html'), reportOf(kept)).catch(() => undefined);
        reportWrites.add(write);
        reportingRuns.add(runId);
        void write.then(() => {
          reportWrites.delete(write);
          reportingRuns.delete(runId);
        });
      }
    }, settle);
    return outDir ? { runId, run, outDir } : { runId, run };
  }

  // Run → Serve: a run like startRun's, with a FederationServer as its remote clients (engine/host/serveHost.ts).
  const serve = serveHostApi({ launch: launchRun });

  const reportOf = (kept: KeptRun) =>
    htmlReport(kept.doc, kept.summary, { partitions: kept.partitions, date: kept.finishedAt, ...(kept.adapter ? { adapter: kept.adapter } : {}) });

  const host: NodeHost = {
    async info(): Promise<HostInfo> {
      backend ??= resolveBackend('auto').catch(() => 'wasm');
      return {
        host: options.host,
        version: packageVersion(),
        backend: await backend,
        workers: options.runDefaults?.workers ?? Math.max(1, availableParallelism()),
        platform: `${process.platform}-${process.arch}`,
        ...(options.queue ? { queue: redactRedisUrl(options.queue.url) } : {}),
      };
    },

    listWorkers: () => queue.listWorkers(),

    listTemplates: templateEntries,

    async openTemplate(id: string): Promise<OpenedFile> {
      if (typeof id !== 'string' || !TEMPLATE_ID.test(id) || !(await templateEntries()).some((t) => t.id === id)) {
        throw userError(`There is no template '${String(id).slice(0, 100)}'.`);
      }
      const text = await readText(join(templatesDir, `${id}${PIPELINE_EXT}`));
      return { path: null, name: `${id}${PIPELINE_EXT}`, text, problems: await problemsOf(text), version: fileVersion(text) };
    },

    async openFile(path?: string, open?: OpenOptions): Promise<OpenedFile | null> {
      const peek = typeof open === 'object' && open !== null && open.peek === true;
      let target: string;
      if (path === undefined || path === null) {
        if (!options.pickFile || peek) return null;
        const picked = await options.pickFile();
        if (!picked) return null;
        if (!web) grant(picked);
        target = await readablePath(picked);
      } else {
        target = await readablePath(path);
      }
      const text = await readText(target);
      grant(target);
      // A peek (the workbench checking an open tab's file on focus) must not reorder the recent files.
      if (!peek) await state.addRecent(target);
      return { path: target, name: basename(target), text, problems: await problemsOf(text), version: fileVersion(text) };
    },

    async listFiles(): Promise<RecentFile[]> {
      return web ? listWorkspace() : recentFiles();
    },

    async saveFile(text: string, path?: string | null, suggestedName?: string, expected?: FileVersion | null): Promise<SavedFile | null> {
      requireString(text, 'The document');
      if (text.length > MAX_FILE_BYTES) throw userError('The document is too large to save.');
      if (expected !== undefined && expected !== null && !isFileVersion(expected)) {
        throw userError('The expected file version must be 16 hex digits, as openFile and saveFile answer it.');
      }
      let target: string;
      if (path !== undefined && path !== null) {
        target = await writablePath(path);
        // Read, compare and write in this one call, so no page can slip a save in between. A write by
        // another program between the compare and the rename below is still lost: a window of a
        // millisecond or so, acceptable for a desktop tool (closing it would need a lock every editor obeys).
        if (expected !== undefined && expected !== null) {
          const current = await currentVersion(target, MAX_FILE_BYTES);
          if (current !== expected) throw changedOnDiskError(basename(target), current === null);
        }
      } else if (options.pickSavePath) {
        const picked = await options.pickSavePath({ suggestedName: safeFileName(suggestedName, PIPELINE_EXT), kind: 'pipeline' });
        if (!picked) return null;
        if (!web) grant(picked);
        target = await writablePath(picked);
      } else if (web) {
        target = await freshWorkspacePath(suggestedName);
      } else {
        return null;
      }
      try {
        await writeFileAtomic(target, text);
      } catch (e) {
        throw userError(`Cannot save ${target}: ${(e as Error).message}`);
      }
      grant(target);
      await state.addRecent(target);
      return { path: target, name: basename(target), version: fileVersion(text) };
    },

    recentFiles,

    async saveRecovery(documents: RecoveryDocument[], slot?: string): Promise<void> {
      if (slot !== undefined && slot !== null && !isRecoverySlotId(slot)) {
        throw userError('A recovery slot is named by 1 to 64 letters, digits, - or _.');
      }
      if (!Array.isArray(documents) || !documents.every(isRecoveryDocument)) {
        throw userError('Recovery documents must each have a key, a name, a path (or null) and their text.');
      }
      const size = documents.reduce((s, d) => s + d.text.length, 0);
      if (size > 4 * MAX_FILE_BYTES) throw userError('The unsaved documents are too large to keep for recovery.');
      await state.saveRecovery(documents, slot ?? undefined);
    },

    loadRecovery: () => state.loadRecovery(),

    startRun: (request: RunRequest) => launchRun(request).then(({ runId, outDir }) => (outDir ? { runId, outDir } : { runId })),

    async controlRun(runId: string, action: RunAction): Promise<void> {
      const run = typeof runId === 'string' ? runs.get(runId) : undefined;
      if (!run) {
        // A stop that crosses the run's end is not an error.
        if (typeof runId === 'string' && endedRuns.has(runId)) return;
        throw userError('There is no such run.');
      }
      switch (action) {
        case 'pause':
          run.pause();
          liveLog.setPaused(runId, true);
          return;
        case 'resume':
          run.resume();
          liveLog.setPaused(runId, false);
          return;
        case 'step':
          run.step();
          liveLog.setPaused(runId, true);
          return;
        case 'stop':
          run.cancel();
          return;
        default:
          throw userError(`Unknown run action '${String(action)}'; use pause, resume, step or stop.`);
      }
    },

    onRunEvent(listener: (e: HostRunEvent) => void): () => void {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    async exportScript(text: string, path: string | null): Promise<ExportResult> {
      requireString(text, 'The document');
      const file = path === undefined || path === null ? null : await readablePath(path);
      const { doc, problems } = await parse(text);
      const errors = problems.filter((p) => p.severity === 'error');
      if (!doc || errors.length > 0) throw problemsError('Fix these problems before exporting:', errors);
      const fileName = file ? basename(file) : safeFileName(doc.name, PIPELINE_EXT);
      // The script reads relative data paths from where the document's own would resolve.
      const baseDir = file ? dirname(file) : templatesDir;
      const exportText = (scriptPath?: string) => {
        try {
          return exportScript(doc, { fileName, baseDir, ...(scriptPath ? { scriptPath } : {}) });
        } catch (e) {
          if (e instanceof PipelineError) throw problemsError('Fix these problems before exporting:', e.problems);
          throw e;
        }
      };
      if (!options.pickSavePath) return { text: exportText(), path: null };
      const picked = await options.pickSavePath({ suggestedName: safeFileName(fileName, '.ts'), kind: 'script' });
      if (!picked) return { text: exportText(), path: null };
      const target = web ? await resolveInside(workspaceDir, picked) : resolve(picked);
      if (!target || !target.endsWith('.ts')) throw userError(`FedFlow saves scripts only as .ts files${web ? ` inside its workspace folder (${workspaceDir})` : ''}.`);
      const script = exportText(target);
      await writeFileAtomic(target, script);
      return { text: script, path: target };
    },

    async exportReport(text: string, path: string | null, runId: string): Promise<ExportResult> {
      requireString(text, 'The document');
      const kept = typeof runId === 'string' ? keptRuns.get(runId) : undefined;
      if (!kept && runs.has(runId)) throw userError('The run is still going; export its report when it has finished.');
      // A past run opened from the Runs view: the report it left in its folder.
      const report = kept ? reportOf(kept) : options.runsDir ? await storedReport(runId) : null;
      if (report === null) throw userError('There is no finished run to report; run the pipeline first.');
      const file = path === undefined || path === null ? null : await readablePath(path);
      // The report shows the pipeline as it ran; the document's own name names the file.
      if (!options.pickSavePath) return { text: report, path: null };
      const stem = file ? basename(file) : safeFileName((await parse(text)).doc?.name ?? kept?.doc.name ?? 'run', '');
      const picked = await options.pickSavePath({ suggestedName: safeFileName(`${stem.replace(/\.fedflow\.json$/, '')}-report`, '.html'), kind: 'report' });
      if (!picked) return { text: report, path: null };
      const target = web ? await resolveInside(workspaceDir, picked) : resolve(picked);
      if (!target || !target.endsWith('.html')) throw userError(`FedFlow saves reports only as .html files${web ? ` inside its workspace folder (${workspaceDir})` : ''}.`);
      await writeFileAtomic(target, report);
      return { text: report, path: target };
    },

    ...stored,
    startSweep,
    stopSweep,
    sweepStatus,
    readSweep,
    checkPipeline,
    startServe: serve.startServe,
    stopServe: serve.stopServe,
    serveStatus: serve.serveStatus,

    async liveRuns() {
      return liveLog.list();
    },

    async close(): Promise<void> {
      const pending = [...runs.values()].map((r) => {
        r.cancel();
        return r.done.catch(() => undefined);
      });
      await Promise.all(pending);
      await serve.close();
      await closeSweeps();
      await queue.close();
      await Promise.all([...reportWrites]);
      await parser.close();
      listeners.clear();
      await state.flush();
    },
  };
  return host;
}

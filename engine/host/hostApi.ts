/**
 * The HostApi: everything the workbench (renderer) asks of its host. Electron's preload exposes it with
 * contextBridge (one method per message); the web host exposes the same interface over a WebSocket on
 * 127.0.0.1. The renderer, the preload, the Electron main process and the web host all import this one
 * module (with `import type`), so the two hosts cannot drift apart.
 */
import type { PipelineDocument } from '../format/pipeline.js';
import type { Problem } from '../format/problems.js';
import type { RunComparison } from '../records/compareRuns.js';
import type { RunListing, RunManifest, RunSort, StoreProblem } from '../records/runRecordTypes.js';
import type { PipelineCheck } from '../run/pipelineCheck.js';
import type { RoundRecord, RunEvent } from '../run/events.js';
import type { SweepTable } from '../sweep/sweepTable.js';
import type { HostErrorValue } from './hostError.js';
import type { KeptRecoveryDocument, RecoveryDocument } from './recoverySlots.js';

/** What checkPipeline answers (engine/run/pipelineCheck.ts), for the renderer, which may not import engine/run. */
export type { PipelineCheck };
/**
 * A `fedflow worker` as the workbench shows it: the registry's entry (engine/queue/jobMessages.ts's
 * WorkerInfo), with the backend as plain text, since the renderer cannot load the training modules' types.
 */
export interface QueueWorker {
  id: string;
  name: string;
  backend: string;
  adapter?: string;
  concurrency: number;
  jobsDone: number;
  startedAt: string;
}

/** The host's Redis queue and its workers: what the status bar shows where a studio trains on workers. */
export interface QueueStatus {
  /** The Redis URL, its password replaced by `***`; null where the host trains on its own threads. */
  url: string | null;
  /** The workers registered now, by name. */
  workers: QueueWorker[];
  /** Why the workers could not be listed (Redis away), for the user. */
  error?: string;
}

export interface HostInfo {
  host: 'electron' | 'web';
  version: string;
  /** The backend `auto` resolves to on this machine, e.g. `wasm`. */
  backend: string;
  workers: number;
  platform: string;
  /** Where runs train their clients: the Redis URL (password hidden) of `fedflow studio --redis`; absent: on this host's threads. */
  queue?: string;
}

export interface TemplateEntry {
  /** File name without `.fedflow.json`, e.g. `mnist-fedavg`. */
  id: string;
  name: string;
  description: string;
}

export interface RecentFile {
  path: string;
  name: string;
  openedAt: number;
}

/**
 * A file's content as the host saw it: the first 16 hex digits of the SHA-256 of its text (as UTF-8). A
 * save that passes the version its tab read is refused when the file has another one by then.
 */
export type FileVersion = string;

/** A pipeline file as read from disk. `text` is always returned, so nothing is lost when it is invalid. */
export interface OpenedFile {
  /** Absolute path, or null for a template opened as a new, unsaved document. */
  path: string | null;
  name: string;
  text: string;
  /** Problems found while reading (syntax, newer format version, invalid fields). */
  problems: Problem[];
  /** The version of the text read (absent from hosts that predate versions). */
  version?: FileVersion;
}

/** How openFile reads a file. */
export interface OpenOptions {
  /** Reads it without making it a recent file: the workbench's check for changes on disk (with a path only). */
  peek?: boolean;
}

export interface SavedFile {
  path: string;
  name: string;
  /** The version of the text just written: what the next save of this tab expects. */
  version?: FileVersion;
}

export interface RunRequest {
  /** The pipeline document as JSON text (exactly what would be saved). */
  text: string;
  /** Where the document lives, so relative data paths resolve; null for an unsaved document. */
  path: string | null;
  rounds?: number;
  seed?: number;
  startPaused?: boolean;
}

export type RunAction = 'pause' | 'resume' | 'step' | 'stop';

/** A run event with the run it belongs to. */
export interface HostRunEvent {
  runId: string;
  event: RunEvent;
  /** Its place in the run's stream (0, 1, 2…), so a page that attached mid-run skips what it already has. */
  seq?: number;
}

/** A past or present run as the Runs view lists it: the run store's listing without its folder. */
export type StoredRunEntry = Omit<RunListing, 'dir'>;

/** How the Runs view asks for the list (see engine/records/runStore.ts ListOptions). */
export interface RunListRequest {
  text?: string;
  status?: RunListing['status'];
  sort?: RunSort;
}

/** The run store's listing: runs newest first (or as sorted), and folders that could not be read. */
export interface RunList {
  runs: StoredRunEntry[];
  /** Folders under the store that look like runs but cannot be read (named by folder name only). */
  problems: StoreProblem[];
  /** False when this host keeps no run store (then the list is always empty). */
  stored: boolean;
}

/** One stored run read whole: its document as run, its manifest, every event, each federation's rounds. */
export interface StoredRun extends StoredRunEntry {
  document: PipelineDocument;
  manifest: RunManifest;
  /** Every event of its log, in order: replayed through the renderer's run reducer, it redraws the run. */
  events: RunEvent[];
  /** The evaluated rounds of each federation, by aggregator id. */
  history: Record<string, RoundRecord[]>;
}

/** Runs compared: final figures, the settings that differ, and each run's rounds for overlaid charts. */
export interface StoredRunComparison extends RunComparison {
  /** Per run (in the order asked), each federation's evaluated rounds by aggregator id. */
  histories: Record<string, RoundRecord[]>[];
}

/** A run still going in this host, with every event so far, for a page that (re)attaches to it. */
export interface LiveRun {
  runId: string;
  /** The document as it was started. */
  doc: PipelineDocument;
  /** The pipeline file it was started from, or null. */
  path: string | null;
  /** Its events so far, each with its seq. */
  events: HostRunEvent[];
  /** Whether it waits between rounds (started paused, stepped or paused): no event says so for the first two. */
  paused: boolean;
}

/** A sweep asked from the page: the document, and the `--set`s of `fedflow sweep` (`split.alpha=0.1,1,10`). */
export interface SweepRequest {
  text: string;
  path: string | null;
  settings: string[];
  /** How many seeds per grid point (1..20): the document's seed S, then S+1, … */
  seeds: number;
}

/** Where the host's sweep stands: it runs one at a time; `table` once it has ended. */
export interface SweepProgress {
  sweepId: string;
  state: 'running' | 'finished' | 'cancelled' | 'failed';
  /** Runs ended so far, of `total` (grid points × seeds). */
  done: number;
  total: number;
  points: number;
  /** The run going now. */
  currentRunId?: string;
  table?: SweepTable;
  message?: string;
}

/** How the page asks the host to serve the open pipeline to remote clients (`fedflow serve`). */
export interface ServeRequest {
  /** The pipeline document as JSON text; it needs a split with method `remote`. */
  text: string;
  /** Where the document lives, so its data paths resolve; null for an unsaved document. */
  path: string | null;
  /** The port to listen on (0 or absent: a free one). */
  port?: number;
  /** The interface to bind (default 127.0.0.1: loopback only). */
  host?: string;
  /** PEM certificate and key files (both or neither), absolute or relative to the document's folder: serve wss:// (TLS). */
  tlsCert?: string;
  tlsKey?: string;
  /** Clients that must have joined before round 1 (default: every seat of the remote split). */
  minClients?: number;
  /** Seconds to wait for them before the run fails (default 300). */
  waitSeconds?: number;
}

/** Where a served federation listens: the interface, the port and whether it speaks TLS. */
export interface ServeListen {
  host: string;
  port: number;
  tls: boolean;
}

/** A served federation just started: its run (in the run list like any other) and how clients join. */
export interface ServeStarted {
  runId: string;
  /** `ws://host:port/join?token=…`, what `fedflow join` takes. */
  joinUrl: string;
  /** `http://host:port/join#token=…`, the browser join page (and the QR code); empty where the page is not built. */
  pageUrl: string;
  /** The per-federation token the join URL carries. */
  token: string;
  /** Said once when listening, e.g. serving beyond loopback without TLS. */
  warnings?: string[];
  /** Where it listens. */
  listen?: ServeListen;
  /** Where the run writes its results, when the host keeps them. */
  outDir?: string;
}

/** What a joined client's seat is doing: idle between rounds, training a round, its connection lost, dropped for a fault, or done (in at the end). */
export type ServeClientState = 'joined' | 'training' | 'lost' | 'dropped' | 'done';

/** One client of a served federation as the Federation panel lists it. */
export interface ServeClient {
  /** Its seat: the remote split's client number. */
  seat: number;
  name: string;
  /** The examples it declared at join. */
  examples: number;
  /** The TensorFlow.js backend it said it trains on (wasm, webgl, webgpu…); null until it has started one. */
  backend: string | null;
  state: ServeClientState;
  /** When it was last heard from (ms since the epoch). */
  lastSeen: number;
}

/** The latest served federation: its join link and clients; `serving` false once its run has ended. */
export interface ServeStatus {
  runId: string;
  joinUrl: string;
  /** The browser join page's link; empty where the page is not built. */
  pageUrl: string;
  token: string;
  serving: boolean;
  /** Seats the remote split has (its numClients). */
  seats: number;
  clients: ServeClient[];
  /** Where it listens. */
  listen?: ServeListen;
}

export interface ExportResult {
  /** What was written, e.g. the script text. */
  text: string;
  /** Where it was saved, when the user chose a file. */
  path: string | null;
}

/**
 * The host's API, as the renderer sees it. Every method may reject with an Error whose message is for the
 * user; over the wire and IPC that is a HostError (engine/host/hostError.ts), which also carries the
 * problems (node, field) behind it.
 */
export interface HostApi {
  info(): Promise<HostInfo>;
  listTemplates(): Promise<TemplateEntry[]>;
  openTemplate(id: string): Promise<OpenedFile>;
  /** Opens a file; without a path the host asks the user (a native dialog, or the web host's file list). */
  openFile(path?: string, options?: OpenOptions): Promise<OpenedFile | null>;
  /** Lists `*.fedflow.json` files the web host may open (its workspace folder); Electron lists recent files. */
  listFiles(): Promise<RecentFile[]>;
  /**
   * Saves atomically; without a path the host asks where (Save As). Resolves null when the user cancels.
   * With a path and `expected`, the version the caller last read or wrote there, it refuses with a
   * HostError of code `changed-on-disk` when the file now has another version or is gone.
   */
  saveFile(text: string, path?: string | null, suggestedName?: string, expected?: FileVersion | null): Promise<SavedFile | null>;
  recentFiles(): Promise<RecentFile[]>;
  /**
   * Keeps a window's unsaved documents so they survive a crash, in that window's own `slot` (see
   * engine/host/recoverySlots.ts; without one, a shared default slot). An empty list clears the slot.
   */
  saveRecovery(documents: RecoveryDocument[], slot?: string): Promise<void>;
  /** Every window's kept documents, each with its slot and when that was saved, newest first. */
  loadRecovery(): Promise<KeptRecoveryDocument[]>;
  /** Starts a run; `outDir` is where its models and metrics will be written, when the host keeps them. */
  startRun(request: RunRequest): Promise<{ runId: string; outDir?: string }>;
  controlRun(runId: string, action: RunAction): Promise<void>;
  /** Subscribes to every run's events; returns the unsubscribe function. */
  onRunEvent(listener: (e: HostRunEvent) => void): () => void;
  /** Exports a pipeline as a standalone TypeScript script. */
  exportScript(text: string, path: string | null): Promise<ExportResult>;
  /**
   * The notebook-style HTML report of a finished run (its pipeline, params, notes, partitions, charts,
   * final metrics), built from the summary the host kept. The host asks where to save it when it can (a
   * native dialog); otherwise `path` is null and the renderer offers `text` as a download.
   */
  exportReport(text: string, path: string | null, runId: string): Promise<ExportResult>;
  /** The run store's runs (engine/records/), filtered and sorted; an empty list where the host keeps none. */
  listRuns(request?: RunListRequest): Promise<RunList>;
  /** One stored run read whole, by its full id. */
  readRun(runId: string): Promise<StoredRun>;
  /** Compares 2 to 8 stored runs, by their full ids. */
  compareRuns(runIds: string[]): Promise<StoredRunComparison>;
  /** Deletes a stored run's folder; refuses a run still going. Resolves with the id deleted. */
  deleteRun(runId: string): Promise<string>;
  /** The runs going in this host now, each with its events so far: what a reloaded page shows live. */
  liveRuns(): Promise<LiveRun[]>;
  /** Starts a sweep after validating every grid point; refused while one runs. Each run is a stored run. */
  startSweep(request: SweepRequest): Promise<{ sweepId: string; points: number; runs: number }>;
  /** Stops the sweep: cancels its current run and skips the rest (its table keeps what ended). */
  stopSweep(sweepId: string): Promise<void>;
  /** The latest sweep's progress (and table once ended), or null when this host has run none. */
  sweepStatus(): Promise<SweepProgress | null>;
  /** A stored sweep's table (`sweeps/<id>/sweep.json` in the run store), by its full id. */
  readSweep(sweepId: string): Promise<SweepTable>;
  /**
   * Checks a document as a run would before its first round, loading and splitting its data where
   * validation finds no error (engine/run/checkPipeline.ts, as `fedflow validate`): every problem, and
   * each split's partition. `path` is where the document lives, so data resolves as its run's would.
   */
  checkPipeline(text: string, path?: string | null): Promise<PipelineCheck>;
  /** The Redis queue runs train on (`fedflow studio --redis`) and its workers now; `url` null where there is none. */
  listWorkers(): Promise<QueueStatus>;
  /**
   * Serves the document to remote clients as `fedflow serve` does: its run is one of the host's runs (its
   * events reach onRunEvent); resolves once the server listens. One at a time.
   */
  startServe(request: ServeRequest): Promise<ServeStarted>;
  /** Stops the served federation: cancels its run and closes the server. Resolves when none is serving. */
  stopServe(): Promise<void>;
  /** The latest served federation's join link and clients now, or null when this host has served none. */
  serveStatus(): Promise<ServeStatus | null>;
}

/** The HostApi's request methods, the names that travel over IPC and the WebSocket. */
export const HOST_METHODS = [
  'info',
  'listTemplates',
  'openTemplate',
  'openFile',
  'listFiles',
  'saveFile',
  'recentFiles',
  'saveRecovery',
  'loadRecovery',
  'startRun',
  'controlRun',
  'exportScript',
  'exportReport',
  'listRuns',
  'readRun',
  'compareRuns',
  'deleteRun',
  'liveRuns',
  'startSweep',
  'stopSweep',
  'sweepStatus',
  'readSweep',
  'checkPipeline',
  'listWorkers',
  'startServe',
  'stopServe',
  'serveStatus',
] as const satisfies readonly Exclude<keyof HostApi, 'onRunEvent'>[];

export type HostMethod = (typeof HOST_METHODS)[number];

/** The WebSocket protocol of the web host (and of Electron's engine process). */
export type WireRequest = { id: number; method: HostMethod; args: unknown[] };
export type WireMessage =
  | { id: number; ok: true; result: unknown }
  /** A failure as a value, so its problems' node ids and fields survive JSON. */
  | { id: number; ok: false; error: HostErrorValue }
  | { event: HostRunEvent };

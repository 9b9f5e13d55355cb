/**
 * The HostApi: everything the workbench (renderer) asks of its host. Electron's preload exposes it with
 * contextBridge (one method per message); the web host exposes the same interface over a WebSocket on
 * 127.0.0.1. The renderer, the preload, the Electron main process and the web host all import this one
 * module (with `import type`), so the two hosts cannot drift apart.
 */
import type { Problem } from '../format/problems.js';
import type { RunEvent } from '../run/events.js';
import type { HostErrorValue } from './hostError.js';
import type { KeptRecoveryDocument, RecoveryDocument } from './recoverySlots.js';

export interface HostInfo {
  host: 'electron' | 'web';
  version: string;
  /** The backend `auto` resolves to on this machine, e.g. `wasm`. */
  backend: string;
  workers: number;
  platform: string;
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

/** A pipeline file as read from disk. `text` is always returned, so nothing is lost when it is invalid. */
export interface OpenedFile {
  /** Absolute path, or null for a template opened as a new, unsaved document. */
  path: string | null;
  name: string;
  text: string;
  /** Problems found while reading (syntax, newer format version, invalid fields). */
  problems: Problem[];
}

export interface SavedFile {
  path: string;
  name: string;
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
  openFile(path?: string): Promise<OpenedFile | null>;
  /** Lists `*.fedflow.json` files the web host may open (its workspace folder); Electron lists recent files. */
  listFiles(): Promise<RecentFile[]>;
  /** Saves atomically; without a path the host asks where (Save As). Resolves null when the user cancels. */
  saveFile(text: string, path?: string | null, suggestedName?: string): Promise<SavedFile | null>;
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
] as const satisfies readonly Exclude<keyof HostApi, 'onRunEvent'>[];

export type HostMethod = (typeof HOST_METHODS)[number];

/** The WebSocket protocol of the web host (and of Electron's engine process). */
export type WireRequest = { id: number; method: HostMethod; args: unknown[] };
export type WireMessage =
  | { id: number; ok: true; result: unknown }
  /** A failure as a value, so its problems' node ids and fields survive JSON. */
  | { id: number; ok: false; error: HostErrorValue }
  | { event: HostRunEvent };

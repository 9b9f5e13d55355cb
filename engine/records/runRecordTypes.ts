/**
 * The run store's types and constants, with no Node imports: the manifest (manifest.ts), the listing
 * (runStore.ts) and the machine facts, so the workbench and the HostApi can name them (the renderer is
 * type-checked without Node's types). The modules that read and write runs re-export them.
 */
import type { PipelineDocument } from '../format/pipeline.js';
import type { StrategyName } from '../format/params.js';
import type { RoundRecord } from '../run/events.js';

/** Node, the system and the hardware a run ran on. */
export interface EnvironmentFacts {
  node: string;
  platform: string;
  arch: string;
  osRelease: string;
  cpus: number;
  cpuModel: string;
  totalMemoryBytes: number;
}

/** Who wrote a run: enough to tell later whether that process still runs. */
export interface ProcessIdentity {
  pid: number;
  host: string;
  /** The process's start time in clock ticks since boot (Linux), or null where the system does not say. */
  startTicks: number | null;
}

/** The format tag of the manifests this version writes. */
export const RUN_MANIFEST_FORMAT = 'fedflow/run@1';
/** The manifest's file name in a run folder. */
export const MANIFEST_FILE = 'manifest.json';

/** The statuses a manifest records. */
export const RECORDED_STATUSES = ['running', 'finished', 'failed', 'cancelled'] as const;
/** What a manifest says of a run. */
export type RecordedStatus = (typeof RECORDED_STATUSES)[number];
/** A run's status as readers report it: `interrupted` is a `running` manifest whose process is gone. */
export type RunStatus = RecordedStatus | 'interrupted';

/** One federation's outcome (or, while the run goes, its plan). */
export interface FederationResult {
  aggregatorId: string;
  label: string;
  strategy: StrategyName;
  /** Rounds planned. */
  rounds: number;
  /** Rounds evaluated so far. */
  roundsDone: number;
  accuracy: number | null;
  loss: number | null;
  /** ε at δ after the last round, where the federation has differential privacy. */
  epsilon?: number;
  divergedAt?: number;
  budgetStoppedAt?: number;
}

/** Where a run sits in a sweep: the sweep's id, the grid point's values by setting, and the seed. */
export interface SweepMembership {
  id: string;
  /** The swept values, keyed by the `--set` target as written (`split.alpha`). */
  point: Record<string, unknown>;
  seed: number;
}

/** What a run changed of its document from the outside (CLI flags, the host's request). */
export interface RunOverrides {
  rounds?: number;
  seed?: number;
  workers?: number;
  backend?: string;
  cohort?: 'auto' | 'off';
}

/** The contents of `manifest.json`. */
export interface RunManifest {
  format: typeof RUN_MANIFEST_FORMAT;
  /** The run's id: its folder's name, unique in its store. */
  id: string;
  /** The pipeline's name. */
  name: string;
  /** The pipeline file it was started from, where there was one. */
  file?: string;
  /** The folder relative data paths of the document resolve against. */
  baseDir?: string;
  status: RecordedStatus;
  /** ISO times. */
  startedAt: string;
  endedAt?: string;
  seed: number;
  /** The backend asked for (`auto`…) and, once started, the one that trained and its GPU adapter. */
  backend: string;
  resolvedBackend?: string;
  adapter?: string;
  workers?: number;
  engineVersion: string;
  environment: EnvironmentFacts;
  process: ProcessIdentity;
  overrides: RunOverrides;
  /** The document as run: the overrides written into it, so it alone reproduces the run. */
  document: PipelineDocument;
  federations: FederationResult[];
  wallMs?: number;
  /** Why a failed run failed. */
  error?: { message: string; nodeId?: string; field?: string };
  sweep?: SweepMembership;
}

/** One run as a list shows it. */
export interface RunListing {
  id: string;
  /** The run's folder (absolute). */
  dir: string;
  name: string;
  file?: string;
  status: RunStatus;
  startedAt: string;
  endedAt?: string;
  /** From start to end; for an interrupted run, to its last recorded event; for a live one, so far. */
  durationMs: number;
  seed: number;
  backend: string;
  /** Each federation's rounds done and planned, final (or latest) accuracy, loss and ε. */
  federations: FederationResult[];
  sweep?: SweepMembership;
  error?: RunManifest['error'];
}

/** A folder under the store that looks like a run but cannot be read. */
export interface StoreProblem {
  folder: string;
  message: string;
}

/** How to filter and order a listing. */
export interface ListOptions {
  status?: RunStatus;
  /** Keeps runs whose name or id contains this (any case). */
  text?: string;
  sweep?: string;
  /** `started` (newest first, the default), `accuracy` (best first), `duration` (longest first), `name`. */
  sort?: RunSort;
  limit?: number;
}

export const RUN_SORTS = ['started', 'accuracy', 'duration', 'name'] as const;
/** The orders a listing can take. */
export type RunSort = (typeof RUN_SORTS)[number];

/** A run read whole: its listing, its manifest and each federation's rounds as recorded. */
export interface RunDetails extends RunListing {
  manifest: RunManifest;
  /** The evaluated rounds of each federation, from the event log, by aggregator id. */
  history: Record<string, RoundRecord[]>;
  /** The event log's state: events read, lines skipped (a torn last line after a kill). */
  log: { events: number; skipped: number; tornTail: boolean };
}


/**
 * A run folder's `manifest.json`: what ran (the document as run, seed, backend, versions, the machine),
 * who ran it (to tell a killed run from a live one), when, and how it ended. Written whole, atomically, at
 * the start, when the backend is known and at the end; the rounds in between live in `events.jsonl`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomicWrite.js';
import type { PipelineDocument } from '../format/pipeline.js';
import type { StrategyName } from '../format/params.js';
import type { EnvironmentFacts } from './environmentFacts.js';
import type { ProcessIdentity } from './processIdentity.js';

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

/** Writes a manifest into its run folder, atomically. */
export function writeManifest(dir: string, manifest: RunManifest): Promise<void> {
  return writeFileAtomic(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 1));
}

/** A manifest read back, or why it could not be. */
export type ManifestRead = { ok: true; manifest: RunManifest } | { ok: false; message: string };

/** Reads and checks a run folder's manifest; a missing, torn or foreign file is a message, never a throw. */
export async function readManifest(dir: string): Promise<ManifestRead> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch (e) {
    return { ok: false, message: `cannot read ${MANIFEST_FILE} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, message: `${MANIFEST_FILE} is not valid JSON` };
  }
  const m = raw as Partial<RunManifest> | null;
  if (typeof m !== 'object' || m === null || m.format !== RUN_MANIFEST_FORMAT) {
    return { ok: false, message: `${MANIFEST_FILE} is not a ${RUN_MANIFEST_FORMAT} manifest` };
  }
  if (typeof m.id !== 'string' || typeof m.startedAt !== 'string' || !(RECORDED_STATUSES as readonly unknown[]).includes(m.status)) {
    return { ok: false, message: `${MANIFEST_FILE} lacks its id, start time or status` };
  }
  if (!Array.isArray(m.federations) || typeof m.document !== 'object' || m.document === null || typeof m.process !== 'object' || m.process === null) {
    return { ok: false, message: `${MANIFEST_FILE} lacks its federations, document or process` };
  }
  return { ok: true, manifest: m as RunManifest };
}

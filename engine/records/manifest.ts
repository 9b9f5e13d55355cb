/**
 * A run folder's `manifest.json`: what ran (the document as run, seed, backend, versions, the machine),
 * who ran it (to tell a killed run from a live one), when, and how it ended. Written whole, atomically, at
 * the start, when the backend is known and at the end; the rounds in between live in `events.jsonl`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomicWrite.js';
import { MANIFEST_FILE, RECORDED_STATUSES, RUN_MANIFEST_FORMAT, type RunManifest } from './runRecordTypes.js';

// The manifest's types live in runRecordTypes.ts, which has no Node imports, so the workbench can name them.
export { MANIFEST_FILE, RECORDED_STATUSES, RUN_MANIFEST_FORMAT } from './runRecordTypes.js';
export type { FederationResult, RecordedStatus, RunManifest, RunOverrides, RunStatus, SweepMembership } from './runRecordTypes.js';

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

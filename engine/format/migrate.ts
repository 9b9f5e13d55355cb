/**
 * Reading documents written by other versions. Each migration lifts a document from version N to N+1;
 * `migrate` applies them in turn up to the current version; each lives in `migrations/`.
 */
import { v1ToV2 } from './migrations/v1ToV2.js';
import { FORMAT_VERSION } from './pipeline.js';
import type { Problem } from './problems.js';

export type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

/** Migrations by the version they read. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = { 1: v1ToV2 };

const TAG = /^fedflow\/pipeline@(\d+)$/;

export type MigrationResult =
  | { ok: true; doc: Record<string, unknown>; from: number }
  | { ok: false; problem: Problem };

/** Brings a parsed JSON document to the current format version, or says why it cannot. */
export function migrate(
  raw: unknown,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
  current: number = FORMAT_VERSION,
): MigrationResult {
  const fail = (message: string): MigrationResult => ({ ok: false, problem: { severity: 'error', field: 'format', message } });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail('This file is not a FedFlow pipeline: it should hold one JSON object.');
  }
  const format = (raw as Record<string, unknown>).format;
  const match = typeof format === 'string' ? TAG.exec(format) : null;
  if (!match) {
    return fail(
      `This file is not a FedFlow pipeline: its "format" should be "fedflow/pipeline@${current}" but is ${JSON.stringify(format)}.`,
    );
  }
  const from = Number(match[1]);
  if (from > current) {
    return fail(
      `This pipeline was made by a newer FedFlow Studio (format version ${from}); this one reads versions up to ${current}. Update FedFlow Studio to open it.`,
    );
  }
  let doc = raw as Record<string, unknown>;
  for (let v = from; v < current; v++) {
    const step = migrations[v];
    if (!step) return fail(`No migration from format version ${v} to ${v + 1}.`);
    doc = { ...step(doc), format: `fedflow/pipeline@${v + 1}` };
  }
  return { ok: true, doc, from };
}

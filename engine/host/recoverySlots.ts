/**
 * Crash recovery kept per window: each window (or browser tab) of a studio saves its unsaved documents in
 * its own slot, so two windows never overwrite each other's, and a new window can offer what a closed one
 * left. The slots are a bounded list, newest first. Pure data functions, with no Node imports, shared by the
 * Node host's state file (engine/host/hostState.ts) and the renderer's fake host.
 */

/** An unsaved document kept for crash recovery. */
export interface RecoveryDocument {
  key: string;
  name: string;
  path: string | null;
  text: string;
  /** The version of its file the tab last read or wrote (engine/host/fileVersion.ts), so a restored tab's save is still checked. */
  version?: string;
}

/** A kept document with the slot (window) it belongs to and when that slot was last saved (ms since the epoch). */
export interface KeptRecoveryDocument extends RecoveryDocument {
  slot: string;
  savedAt: number;
}

/** One window's kept documents. */
export interface RecoverySlot {
  slot: string;
  savedAt: number;
  documents: RecoveryDocument[];
}

/** The slot of callers that name none (older workbenches, tests): they share it, as before slots. */
export const DEFAULT_RECOVERY_SLOT = 'default';

/**
 * How many windows' documents are kept. Past it the slot saved longest ago is dropped: a window that has
 * not saved for that long is one the user closed, and what it held was offered to every window since.
 */
export const MAX_RECOVERY_SLOTS = 8;

const SLOT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Whether a value may name a slot: 1–64 letters, digits, `_` or `-`. */
export function isRecoverySlotId(value: unknown): value is string {
  return typeof value === 'string' && SLOT_ID.test(value);
}

/** Whether a value has the shape of a recovery document (it came from the renderer or from disk). */
export function isRecoveryDocument(d: unknown): d is RecoveryDocument {
  if (typeof d !== 'object' || d === null) return false;
  const r = d as Record<string, unknown>;
  return (
    typeof r.key === 'string' &&
    typeof r.name === 'string' &&
    typeof r.text === 'string' &&
    (r.path === null || typeof r.path === 'string') &&
    (r.version === undefined || (typeof r.version === 'string' && r.version.length <= 64))
  );
}

const onlyDocumentFields = ({ key, name, path, text, version }: RecoveryDocument): RecoveryDocument => ({
  key,
  name,
  path,
  text,
  ...(version !== undefined ? { version } : {}),
});

/**
 * The slots in a stored value: `{ slots: [...] }`, or the single list of documents that hosts kept before
 * slots (read as the default slot, saved at time 0 so any newer slot sorts first). Anything malformed
 * reads as no slots, or is left out.
 */
export function readRecoverySlots(raw: unknown): RecoverySlot[] {
  if (Array.isArray(raw)) {
    const documents = raw.filter(isRecoveryDocument).map(onlyDocumentFields);
    return documents.length > 0 ? [{ slot: DEFAULT_RECOVERY_SLOT, savedAt: 0, documents }] : [];
  }
  const slots = (raw as { slots?: unknown } | null)?.slots;
  if (!Array.isArray(slots)) return [];
  const read: RecoverySlot[] = [];
  for (const s of slots as Partial<RecoverySlot>[]) {
    if (typeof s !== 'object' || s === null || !isRecoverySlotId(s.slot) || read.some((r) => r.slot === s.slot)) continue;
    if (typeof s.savedAt !== 'number' || !Number.isFinite(s.savedAt) || !Array.isArray(s.documents)) continue;
    const documents = s.documents.filter(isRecoveryDocument).map(onlyDocumentFields);
    if (documents.length > 0) read.push({ slot: s.slot, savedAt: s.savedAt, documents });
  }
  return read.sort((a, b) => b.savedAt - a.savedAt).slice(0, MAX_RECOVERY_SLOTS);
}

/** The value to store for `slots`. */
export function recoveryFileValue(slots: readonly RecoverySlot[]): { version: 2; slots: readonly RecoverySlot[] } {
  return { version: 2, slots };
}

/**
 * The slots after `slot` saved `documents` at `now`: its documents replaced (none removes the slot), it
 * first, the others as they were, and the oldest dropped past MAX_RECOVERY_SLOTS.
 */
export function withSlotSaved(slots: readonly RecoverySlot[], slot: string, documents: readonly RecoveryDocument[], now: number): RecoverySlot[] {
  const others = slots.filter((s) => s.slot !== slot);
  const next = documents.length > 0 ? [{ slot, savedAt: now, documents: documents.map(onlyDocumentFields) }, ...others] : others;
  return next.slice(0, MAX_RECOVERY_SLOTS);
}

/** Every kept document, each with its slot and time, newest slot first. */
export function keptDocuments(slots: readonly RecoverySlot[]): KeptRecoveryDocument[] {
  return slots.flatMap((s) => s.documents.map((d) => ({ ...d, slot: s.slot, savedAt: s.savedAt })));
}

/**
 * What the recovery banner offers a window and what its buttons do. A window is offered its own slot's
 * documents (it was reloaded or crashed) and those of windows that are closed now; never those of a window
 * that is still open, which keeps saving its own. Restoring moves the documents into this window's slot and
 * forgets the closed windows' copies, so one document is never kept, or offered, twice.
 */
import type { HostApi } from '../../../engine/host/hostApi.js';
import type { KeptRecoveryDocument, RecoveryDocument } from '../../../engine/host/recoverySlots.js';
import type { DocumentsStore } from './documentsStore.js';
import { isDirty, type DocumentTab } from './documentTab.js';
import { openText } from './openText.js';
import { documentText } from './serialize.js';

/** What the recovery functions need: the host, this window's documents and its slot. */
export interface RecoveryContext {
  host: Pick<HostApi, 'saveRecovery' | 'loadRecovery'>;
  documents: DocumentsStore;
  slot: string;
}

/** The unsaved documents of these tabs, as the host keeps them. */
export function unsavedDocuments(tabs: readonly DocumentTab[]): RecoveryDocument[] {
  return tabs
    .filter(isDirty)
    .map((t) => ({ key: t.key, name: t.name, path: t.path, text: documentText(t.doc!), ...(t.diskVersion ? { version: t.diskVersion } : {}) }));
}

/**
 * The kept documents to offer the window of `slot`: its own, and other slots' unless their window is open
 * (`open`: the slots of open windows; null when that cannot be known, so every other slot counts as closed).
 * Its own documents that a reload brought back as tabs (`restored`, by key) are open already: not offered.
 */
export function documentsToOffer(
  kept: readonly KeptRecoveryDocument[],
  slot: string,
  open: ReadonlySet<string> | null,
  restored: ReadonlySet<string> = new Set(),
): KeptRecoveryDocument[] {
  return kept.filter((d) => (d.slot === slot ? !restored.has(d.key) : !open?.has(d.slot)));
}

/** Whether the offer holds this window's own documents: until it is answered, the window must not overwrite them. */
export function offersOwnSlot(offer: readonly KeptRecoveryDocument[], slot: string): boolean {
  return offer.some((d) => d.slot === slot);
}

function ago(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  const days = Math.round(hours / 24);
  return `${days} days ago`;
}

/** The banner's sentence for an offer (not empty), e.g. `“a.fedflow.json” was not saved when this window last closed.` */
export function offerText(offer: readonly KeptRecoveryDocument[], slot: string, now = Date.now()): string {
  const what = offer.length === 1 ? `“${offer[0].name}” was` : `${offer.length} documents were`;
  if (offer.every((d) => d.slot === slot)) return `${what} not saved when this window last closed.`;
  const latest = Math.max(...offer.filter((d) => d.slot !== slot).map((d) => d.savedAt));
  // Documents kept before windows had slots carry no time.
  const when = latest > 0 ? ` (last changed ${ago(now - latest)})` : '';
  const where = offersOwnSlot(offer, slot) ? 'when their windows closed' : offer.length === 1 ? 'in a window that has closed' : 'in windows that have closed';
  return `${what} not saved ${where}${when}.`;
}

const slotsOf = (offer: readonly KeptRecoveryDocument[]) => [...new Set(offer.map((d) => d.slot))];

/** Reopens the offered documents, each dirty, then keeps them in this window's slot and forgets the other slots' copies. */
export async function restoreOffer(ctx: RecoveryContext, offer: readonly KeptRecoveryDocument[]): Promise<void> {
  const taken = new Set(ctx.documents.getState().tabs.map((t) => t.key));
  for (const d of offer) {
    const input = openText({ name: d.name, path: d.path, text: d.text });
    // Keys are stable for a reloaded window's own documents; another window's key might be in use here.
    ctx.documents.getState().openDocument({
      ...input,
      ...(taken.has(d.key) ? {} : { key: d.key }),
      unsaved: true,
      ...(d.version ? { version: d.version } : {}),
    });
    taken.add(d.key);
  }
  await ctx.host.saveRecovery(unsavedDocuments(ctx.documents.getState().tabs), ctx.slot);
  for (const other of slotsOf(offer).filter((s) => s !== ctx.slot)) await ctx.host.saveRecovery([], other);
}

/** Forgets the offered documents: the closed windows' slots are cleared; this window's keeps what it has open unsaved now. */
export async function discardOffer(ctx: RecoveryContext, offer: readonly KeptRecoveryDocument[]): Promise<void> {
  for (const s of slotsOf(offer)) {
    await ctx.host.saveRecovery(s === ctx.slot ? unsavedDocuments(ctx.documents.getState().tabs) : [], s);
  }
}

/**
 * This window's crash-recovery slot (engine/host/recoverySlots.ts), and which windows are open now. The
 * slot id lives in sessionStorage, which a reload keeps and a new window or tab starts without, so a
 * reloaded window finds its own documents and a second window never overwrites the first's. Each window
 * holds a Web Lock named after its slot for as long as it lives: the browser releases it when the window
 * closes or crashes, so the held locks are exactly the slots of open windows (of this origin), and a tab
 * duplicated with its sessionStorage — same id — sees the lock taken and picks a new slot.
 */
import { isRecoverySlotId } from '../../../engine/host/recoverySlots.js';

/** The sessionStorage key of this window's slot id. */
export const RECOVERY_SLOT_KEY = 'fedflow-recovery-slot';
const LOCK_PREFIX = 'fedflow-recovery-slot:';

/** The part of sessionStorage used here. */
export interface SlotStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Web Locks for slots, as claimRecoverySlot and the recovery offer use them (tests pass a fake). */
export interface SlotLocks {
  /** Takes the lock of `slot` for the rest of this window's life; false when another window holds it. */
  hold(slot: string): Promise<boolean>;
  /** The slots whose locks are held now, by any open window of this origin. */
  held(): Promise<Set<string>>;
}

/** The part of the browser's LockManager (`navigator.locks`) used here. */
export interface LockManagerLike {
  request(name: string, options: { ifAvailable: boolean }, callback: (lock: unknown) => unknown): Promise<unknown>;
  query(): Promise<{ held?: { name?: string }[] }>;
}

/** SlotLocks over the browser's Web Locks; null where there are none (then every other slot counts as closed). */
export function webSlotLocks(locks: LockManagerLike | undefined | null): SlotLocks | null {
  if (!locks || typeof locks.request !== 'function' || typeof locks.query !== 'function') return null;
  return {
    hold: (slot) =>
      new Promise<boolean>((resolve) => {
        locks
          .request(`${LOCK_PREFIX}${slot}`, { ifAvailable: true }, (lock) => {
            resolve(lock !== null);
            // Held until the window goes: the callback's promise never settles.
            return lock === null ? undefined : new Promise(() => undefined);
          })
          .catch(() => resolve(false));
      }),
    held: async () => {
      const state = await locks.query();
      const names = (state.held ?? []).map((l) => l.name ?? '');
      return new Set(names.filter((n) => n.startsWith(LOCK_PREFIX)).map((n) => n.slice(LOCK_PREFIX.length)));
    },
  };
}

/** A new slot id: random, so two windows opened at once never pick the same. */
export function newSlotId(): string {
  const bytes = new Uint8Array(9);
  globalThis.crypto.getRandomValues(bytes);
  return `w${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * This window's slot: the one its sessionStorage names (a reload), unless another open window holds it (a
 * duplicated tab); otherwise a new one. Its lock is taken and the id stored for the next reload.
 */
export async function claimRecoverySlot(
  storage: SlotStorage | null,
  locks: SlotLocks | null,
  newId: () => string = newSlotId,
): Promise<string> {
  let slot: string | null = null;
  try {
    slot = storage?.getItem(RECOVERY_SLOT_KEY) ?? null;
  } catch {
    // No storage (a sandboxed frame, privacy settings): a new slot each load.
  }
  if (!isRecoverySlotId(slot) || (locks && !(await locks.hold(slot)))) {
    slot = newId();
    await locks?.hold(slot);
  }
  try {
    storage?.setItem(RECOVERY_SLOT_KEY, slot);
  } catch {
    // As above: the slot lasts this load only.
  }
  return slot;
}

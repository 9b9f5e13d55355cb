/**
 * What the host remembers between sessions, kept as JSON in its state folder: the recent files and the
 * unsaved documents kept for crash recovery, one slot per window (engine/host/recoverySlots.ts). Every
 * write is atomic and writes are queued in order, so a crash leaves the previous state, never a torn file;
 * a missing or unreadable file reads as empty.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { RecentFile } from './hostApi.js';
import { writeFileAtomic } from '../fs/atomicWrite.js';
import {
  DEFAULT_RECOVERY_SLOT,
  keptDocuments,
  readRecoverySlots,
  recoveryFileValue,
  withSlotSaved,
  type KeptRecoveryDocument,
  type RecoveryDocument,
} from './recoverySlots.js';

export { isRecoveryDocument, type RecoveryDocument } from './recoverySlots.js';

/** How many recent files are remembered. */
export const MAX_RECENT = 15;

export class HostState {
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * @param stateDir the folder holding the state files (created on first write)
   * @param recoveryFile the recovery file's name, so that hosts on different workspaces keep theirs apart
   */
  constructor(
    readonly stateDir: string,
    private readonly recoveryFile = 'recovery.json',
  ) {}

  /** Recent files, newest first. */
  async recent(): Promise<RecentFile[]> {
    await this.queue;
    return this.readRecent();
  }

  private async readRecent(): Promise<RecentFile[]> {
    const raw = await this.read('recent.json');
    if (!Array.isArray(raw)) return [];
    return raw.filter(
      (r): r is RecentFile =>
        typeof r === 'object' && r !== null && typeof r.path === 'string' && typeof r.name === 'string' && typeof r.openedAt === 'number',
    );
  }

  /** Puts a file at the top of the recent files. */
  addRecent(path: string): Promise<void> {
    return this.update('recent.json', async () => {
      const rest = (await this.readRecent()).filter((r) => r.path !== path);
      return [{ path, name: basename(path), openedAt: Date.now() }, ...rest].slice(0, MAX_RECENT);
    });
  }

  /** Forgets a recent file (it was moved or deleted). */
  removeRecent(path: string): Promise<void> {
    return this.update('recent.json', async () => (await this.readRecent()).filter((r) => r.path !== path));
  }

  /** Every window's kept documents, newest slot first. */
  async loadRecovery(): Promise<KeptRecoveryDocument[]> {
    await this.queue;
    return keptDocuments(readRecoverySlots(await this.read(this.recoveryFile)));
  }

  /** Replaces one window's kept documents; an empty list clears its slot. The other slots are kept. */
  saveRecovery(documents: RecoveryDocument[], slot = DEFAULT_RECOVERY_SLOT): Promise<void> {
    return this.update(this.recoveryFile, async () =>
      recoveryFileValue(withSlotSaved(readRecoverySlots(await this.read(this.recoveryFile)), slot, documents, Date.now())),
    );
  }

  /** Waits for every queued write. */
  async flush(): Promise<void> {
    await this.queue;
  }

  private async read(file: string): Promise<unknown> {
    try {
      return JSON.parse(await readFile(join(this.stateDir, file), 'utf8'));
    } catch {
      return undefined;
    }
  }

  private update(file: string, next: () => Promise<unknown>): Promise<void> {
    const write = this.queue.then(async () => {
      const value = await next();
      await mkdir(this.stateDir, { recursive: true });
      await writeFileAtomic(join(this.stateDir, file), JSON.stringify(value, null, 1));
    });
    this.queue = write.catch(() => undefined);
    return write;
  }
}

/**
 * Which files the desktop app's page may name (to open, save over, or run from): only those the user
 * chose. The page is web content and may be compromised; a native dialog is the user's own act, which the
 * page cannot fake, so a path counts as chosen when it came from a dialog in this session, is in the
 * recent files (which only ever receive chosen paths, so they carry a past session's choices), or is a
 * pipeline file (`*.fedflow.json`) in the app's workspace folder, the user's own documents. Anything else
 * named by the page — `/home/me/.config/app/settings.json`, say — is refused, whatever the method.
 */
import { resolve } from 'node:path';
import type { RecentFile } from './hostApi.js';
import { resolveInside } from './safePath.js';

const PIPELINE_EXT = '.fedflow.json';

/** The files the user chose, for the desktop app's host. */
export class FileGrants {
  private readonly chosen = new Set<string>();

  /**
   * @param workspaceDir the app's workspace (the user's documents): its pipeline files count as chosen
   * @param recent the persisted recent files
   */
  constructor(
    private readonly workspaceDir: string,
    private readonly recent: () => Promise<readonly RecentFile[]>,
  ) {}

  /** Records that the user chose `path` in a dialog (or opened or saved it through one). */
  grant(path: string): void {
    this.chosen.add(resolve(path));
  }

  /** Whether the user chose `path` (absolute): in a dialog this session, as a recent file, or as a workspace pipeline. */
  async isChosen(path: string): Promise<boolean> {
    const p = resolve(path);
    if (this.chosen.has(p)) return true;
    if ((await this.recent()).some((r) => resolve(r.path) === p)) return true;
    return p.endsWith(PIPELINE_EXT) && (await resolveInside(this.workspaceDir, p)) !== null;
  }
}

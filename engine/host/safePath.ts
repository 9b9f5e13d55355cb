/**
 * Resolving paths that come from the renderer. A path is checked lexically and again after following
 * symbolic links, so neither `../` nor a link inside the workspace can reach a file outside it.
 */
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** Whether `child` is `root` itself or lies under it (both absolute). */
export function isInside(root: string, child: string): boolean {
  const rel = relative(root, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** The real path of `p`, or, for a file not yet written, its nearest existing folder's real path joined with the rest. */
export async function realPathOf(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const parent = dirname(p);
    if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === p) return p;
    return join(await realPathOf(parent), basename(p));
  }
}

/**
 * Resolves `p` (absolute, or relative to `root`) and returns its absolute path when it lies inside
 * `root`, links followed; null when it does not or is not a usable path string.
 */
export async function resolveInside(root: string, p: unknown): Promise<string | null> {
  if (typeof p !== 'string' || p.length === 0 || p.length > 4096 || p.includes('\0')) return null;
  const absRoot = resolve(root);
  const abs = resolve(absRoot, p);
  if (!isInside(absRoot, abs)) return null;
  const [realRoot, real] = await Promise.all([realPathOf(absRoot), realPathOf(abs)]);
  return isInside(realRoot, real) ? abs : null;
}

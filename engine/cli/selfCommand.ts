/**
 * How to call this installation's `fedflow` from any folder, for the commands the CLI prints (such as the
 * one that runs an exported script): `fedflow` where the PATH's `fedflow` is this installation (after
 * `npm link` or a global install), else `node <this installation>/bin/fedflow.js`, which works from any
 * folder (`npx fedflow` finds it only inside this folder).
 */
import { realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { packageRoot } from '../host/packagePaths.js';

/** Quotes a word for a POSIX shell (or cmd.exe on Windows) where it holds anything but plain path characters. */
export function shellWord(word: string, platform: NodeJS.Platform = process.platform): string {
  if (/^[\w@%+=:,./~-]+$/.test(word)) return word;
  return platform === 'win32' ? `"${word.replace(/"/g, '""')}"` : `'${word.replace(/'/g, `'\\''`)}'`;
}

const realpath = (path: string): string | null => {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
};

/** The command line that runs this installation's CLI from any folder: `fedflow` or `node /…/bin/fedflow.js`. */
export function fedflowCommand(env: NodeJS.ProcessEnv = process.env, root = packageRoot()): string {
  const bin = realpath(join(root, 'bin', 'fedflow.js')) ?? join(root, 'bin', 'fedflow.js');
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .some((dir) => realpath(join(dir, 'fedflow')) === bin);
  return onPath ? 'fedflow' : `node ${shellWord(bin)}`;
}

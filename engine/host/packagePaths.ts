/** Where the installed package's own folders are: templates, the built workbench, package.json. */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The package's root folder (the one holding its package.json), found from this module's location. */
export function packageRoot(): string {
  if (root) return root;
  // From source (engine/host) or compiled (dist/engine/host): walk up to our package.json.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'fedflow-studio') {
      return (root = dir);
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Cannot find the fedflow-studio package folder.');
    dir = parent;
  }
}

/** The package's version. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** The bundled templates. */
export function defaultTemplatesDir(): string {
  return join(packageRoot(), 'templates');
}

/** The built workbench (`vite build` output); $FEDFLOW_RENDERER_DIR serves another build. */
export function defaultRendererDir(): string {
  return process.env.FEDFLOW_RENDERER_DIR || join(packageRoot(), 'dist', 'renderer');
}

/** Where the web host keeps recent files and crash recovery: $FEDFLOW_STATE_DIR, else ~/.fedflow. */
export function defaultStateDir(): string {
  return process.env.FEDFLOW_STATE_DIR || join(homedir(), '.fedflow');
}

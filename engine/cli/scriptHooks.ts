/**
 * Module hooks for `fedflow script` (registered by scriptLoader.ts; they run in Node's hooks thread).
 *
 * - `resolve`: `import … from 'fedflow-studio'` (and its subpaths) resolves to the installation these hooks
 *   belong to, whatever folder the script is in: the specifier is resolved as if imported from inside this
 *   package, where Node's self-reference finds the package by its own name through package.json's
 *   "exports". So a script exported to ~/elsewhere runs without installing anything there.
 * - `load`: a `.ts` file outside any package that declares its module type is loaded as an ES module.
 *   tsx would otherwise load it as CommonJS (Node's default where no package.json says "module"), its
 *   imports would become require() calls, and those neither reach this resolve hook nor load an ES-only
 *   package such as this one on Node 20.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { LoadHook, ResolveHook } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package this installation is. */
const PACKAGE_NAME = 'fedflow-studio';

export const resolve: ResolveHook = (specifier, context, nextResolve) => {
  if (specifier === PACKAGE_NAME || specifier.startsWith(`${PACKAGE_NAME}/`)) {
    // This module's own URL lies inside the package, so self-reference applies.
    return nextResolve(specifier, { ...context, parentURL: import.meta.url });
  }
  return nextResolve(specifier, context);
};

/** The "type" of the nearest package.json above a file, or undefined where none declares one. */
function declaredType(file: string): string | undefined {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: string }).type;
      } catch {
        return undefined;
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

export const load: LoadHook = (url, context, nextLoad) => {
  if (url.startsWith('file:') && /\.tsx?$/.test(new URL(url).pathname) && !url.includes('/node_modules/')) {
    if (declaredType(fileURLToPath(url)) === undefined) return nextLoad(url, { ...context, format: 'module' });
  }
  return nextLoad(url, context);
};

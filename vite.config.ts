/**
 * Builds the workbench (renderer/) into dist/renderer, which Electron loads from disk and the web host
 * serves. `base: './'` keeps asset URLs relative so both work. The store is also compiled by the root
 * tsc into dist/renderer/src/store (for node:test), so only Vite's own outputs are cleared here.
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, 'dist', 'renderer');

/** Clears the previous build's assets and page, leaving the compiled store that shares the folder. */
function cleanViteOutput(): Plugin {
  return {
    name: 'fedflow-clean-renderer-output',
    apply: 'build',
    buildStart() {
      rmSync(join(outDir, 'assets'), { recursive: true, force: true });
      rmSync(join(outDir, 'index.html'), { force: true });
    },
  };
}

/** The built page allows only its own scripts; the dev server's inline refresh preamble needs none of this. */
function contentSecurityPolicy(): Plugin {
  const policy = "default-src 'self'; script-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self' 'unsafe-inline'";
  return {
    name: 'fedflow-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head' }],
  };
}

export default defineConfig({
  root: join(here, 'renderer'),
  base: './',
  plugins: [react(), cleanViteOutput(), contentSecurityPolicy()],
  build: {
    outDir,
    emptyOutDir: false,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    fs: { allow: [here] },
  },
});

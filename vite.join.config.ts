/**
 * Builds the browser client's join page (join/) into dist/join, which `fedflow serve` serves at /join
 * (engine/remote/joinPage.ts). A second, separate build: the workbench's (vite.config.ts) is unchanged.
 * Assets live under /join/assets/, so the page works at /join and /join/ alike.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: join(here, 'join'),
  base: '/join/',
  build: {
    outDir: join(here, 'dist', 'join'),
    emptyOutDir: true,
    // One script and one stylesheet: the server's allow-list is whatever this build wrote, read at start.
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    modulePreload: { polyfill: false },
  },
});

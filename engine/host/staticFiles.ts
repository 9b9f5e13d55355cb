/**
 * Serving the built workbench (dist/renderer) as static files, for the web host and Electron's app://
 * protocol alike: a URL path maps to a file under the folder or to nothing — no directory listings, no
 * `..`, no links out of the folder — and every page carries a strict Content-Security-Policy.
 */
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { resolveInside } from './safePath.js';

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

/**
 * The workbench's Content-Security-Policy. Scripts only from the app itself (no inline script, no eval);
 * inline styles are allowed because React Flow positions nodes with them; the page may connect only to
 * its own origin plus `connect` (the web host's WebSocket).
 */
export function contentSecurityPolicy(connect: readonly string[] = []): string {
  return [
    "default-src 'self'",
    `connect-src ${["'self'", ...connect].join(' ')}`,
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers every response of the workbench carries besides its content type. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    // The page's address holds the session token: never send it to another site.
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

export interface StaticFile {
  file: string;
  contentType: string;
}

/**
 * The file a URL path names under `rootDir` (`/` is index.html), or null: a folder, a missing file, an
 * unknown type, an encoded separator or NUL, or anything outside the folder.
 */
export async function resolveStaticFile(rootDir: string, urlPath: string): Promise<StaticFile | null> {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (path === '' || path === '/') path = '/index.html';
  if (!path.startsWith('/') || path.includes('\0') || path.includes('\\')) return null;
  // Any `..` segment is refused outright, before resolving, whatever it would resolve to.
  if (path.split('/').some((segment) => segment === '..')) return null;
  const contentType = CONTENT_TYPES[extname(path).toLowerCase()];
  if (!contentType) return null;
  const file = await resolveInside(rootDir, `.${path}`);
  if (!file) return null;
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return null;
  return { file, contentType };
}

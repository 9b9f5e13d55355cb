/**
 * The browser client's join page as `fedflow serve` serves it: the files Vite built into dist/join
 * (vite.join.config.ts), read once when the server starts into a fixed allow-list of URL → bytes. A
 * request's path is only ever a key of that list — nothing from it reaches the filesystem — and every
 * answer carries a strict Content-Security-Policy: scripts and styles from the server itself (and the
 * compiling of its own WebAssembly, TensorFlow.js's wasm backend), and connections to its own origin
 * only (the federation's WebSocket).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The page's policy: its own scripts, styles and socket, nothing inline, never in a frame. */
export const JOIN_PAGE_CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Where the built page is: dist/join beside the compiled engine (or, from sources, the repository's dist/join). */
function builtPageDir(): string {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  return basename(root) === 'dist' ? join(root, 'join') : join(root, 'dist', 'join');
}

/** One file the server may answer with. */
interface PageFile {
  body: Buffer;
  type: string;
}

/** The join page's files by URL path; empty where the page is not built. */
export function loadJoinPage(dir = builtPageDir()): ReadonlyMap<string, PageFile> {
  const files = new Map<string, PageFile>();
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return files;
  const page = { body: readFileSync(index), type: TYPES['.html'] };
  for (const path of ['/', '/join', '/join/', '/join/index.html']) files.set(path, page);
  const assets = join(dir, 'assets');
  if (existsSync(assets)) {
    for (const name of readdirSync(assets)) {
      const type = TYPES[extname(name)];
      // Only plain files of known types with plain names make the list (no source maps, no odd names).
      if (!type || !/^[\w.-]+$/.test(name) || !statSync(join(assets, name)).isFile()) continue;
      files.set(`/join/assets/${name}`, { body: readFileSync(join(assets, name)), type });
    }
  }
  return files;
}

/** Answers a plain HTTP request from the allow-list: GET or HEAD of a listed path, else 404 or 405. */
export function serveJoinPage(files: ReadonlyMap<string, PageFile>, req: IncomingMessage, res: ServerResponse): void {
  const headers = {
    'Content-Security-Policy': JOIN_PAGE_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...headers, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Only GET and HEAD.\n');
    return;
  }
  // The path only, without query or fragment, is the key; it is never joined to a directory.
  const path = (req.url ?? '/').split(/[?#]/, 1)[0];
  const file = files.get(path);
  if (!file) {
    const why =
      files.size === 0
        ? 'This is a FedFlow federation server. Its browser join page is not built (run npm run build); Node clients join with: fedflow join URL --data FILE\n'
        : 'Not found. Browsers join at /join with the link fedflow serve printed; Node clients with: fedflow join URL --data FILE\n';
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end(why);
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': file.type, 'Content-Length': file.body.length, 'Cache-Control': 'no-cache' });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}

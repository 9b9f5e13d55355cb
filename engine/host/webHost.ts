/**
 * The web host: the workbench in any browser. One HTTP server on 127.0.0.1 (never another interface)
 * serves the built renderer and, at `/api`, a WebSocket speaking the HostApi wire protocol to a Node host.
 *
 * Who may talk to it: the page's address carries a random per-session token, which the WebSocket must
 * present; its Origin must be this server's own, so another site open in the same browser cannot connect
 * even if it guessed the port; the Host header must name 127.0.0.1 or localhost, which defeats DNS
 * rebinding. Pages carry a strict Content-Security-Policy and never send the token in a Referer.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { BackendName } from '../format/pipeline.js';
import type { WireMessage } from './hostApi.js';
import { createNodeHost, type NodeHost } from './nodeHost.js';
import { defaultStateDir, defaultTemplatesDir } from './packagePaths.js';
import { contentSecurityPolicy, resolveStaticFile, securityHeaders } from './staticFiles.js';
import { answerWireRequest, parseWireRequest } from './wireServer.js';
import type { QueueSettings } from '../queue/queueExecutor.js';

export interface WebHostOptions {
  /** The port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** The folder whose `*.fedflow.json` files the studio opens and saves. */
  workspaceDir: string;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  templatesDir?: string;
  /** Recent files and crash recovery; default $FEDFLOW_STATE_DIR or ~/.fedflow. */
  stateDir?: string;
  /** Each run's models and metrics go to a new folder here; nothing is written when absent. */
  runsDir?: string;
  runDefaults?: { workers?: number; backend?: BackendName };
  /** Train runs' clients on `fedflow worker` processes through this Redis queue (`fedflow studio --redis`). */
  queue?: QueueSettings;
}

export interface WebHost {
  /** The page to open, token included: `http://127.0.0.1:PORT/?token=…`. */
  url: string;
  token: string;
  port: number;
  /** Stops the server, closes every connection and cancels running runs. */
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';
/** A pipeline is kilobytes; this bounds what one message may make the host buffer. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

function sameSecret(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Starts the web host and resolves once it listens. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = randomBytes(24).toString('base64url');
  const host: NodeHost = createNodeHost({
    host: 'web',
    workspaceDir: options.workspaceDir,
    templatesDir: options.templatesDir ?? defaultTemplatesDir(),
    stateDir: options.stateDir ?? defaultStateDir(),
    ...(options.runsDir ? { runsDir: options.runsDir } : {}),
    ...(options.runDefaults ? { runDefaults: options.runDefaults } : {}),
    ...(options.queue ? { queue: options.queue } : {}),
  });
  const clients = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  let port = 0;
  let csp = '';
  const allowedHosts = () => [`${LOOPBACK}:${port}`, `localhost:${port}`];
  const allowedOrigins = () => allowedHosts().map((h) => `http://${h}`);

  const send = (ws: WebSocket, message: WireMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const unsubscribe = host.onRunEvent((event) => {
    for (const ws of clients) send(ws, { event });
  });

  async function serveFile(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = securityHeaders(csp);
    if (!allowedHosts().includes(req.headers.host ?? '')) {
      res.writeHead(421, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Misdirected request.\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Method not allowed.\n');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://host').pathname;
    const found = path === '/api' ? null : await resolveStaticFile(options.rendererDir, path);
    if (!found) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found.\n');
      return;
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': found.contentType,
      'Cache-Control': found.contentType.startsWith('text/html') ? 'no-store' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(found.file)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  function refuse(socket: Duplex, status: string): void {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    socket.destroy();
  }

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://host');
    if (url.pathname !== '/api') return refuse(socket, '404 Not Found');
    if (!allowedHosts().includes(req.headers.host ?? '')) return refuse(socket, '421 Misdirected Request');
    if (!allowedOrigins().includes(req.headers.origin ?? '')) return refuse(socket, '403 Forbidden');
    if (!sameSecret(url.searchParams.get('token'), token)) return refuse(socket, '403 Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      ws.on('error', () => ws.terminate());
      ws.on('message', (data, isBinary) => {
        let decoded: unknown;
        try {
          decoded = JSON.parse(isBinary ? '' : data.toString());
        } catch {
          return;
        }
        const request = parseWireRequest(decoded);
        if (!request) {
          const id = (decoded as { id?: unknown } | null)?.id;
          if (typeof id === 'number') send(ws, { id, ok: false, error: { message: 'The host does not understand this request.' } });
          return;
        }
        void answerWireRequest(host, request).then((answer) => send(ws, answer));
      });
    });
  }

  const server = createServer((req, res) => {
    serveFile(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal error.\n');
    });
  });
  server.on('upgrade', upgrade);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  csp = contentSecurityPolicy([`ws://${LOOPBACK}:${port}`, `ws://localhost:${port}`]);

  let closing: Promise<void> | undefined;
  return {
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    token,
    port,
    close() {
      closing ??= (async () => {
        unsubscribe();
        for (const ws of clients) ws.terminate();
        wss.close();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        await host.close();
      })();
      return closing;
    },
  };
}

/**
 * The HostApi in the browser: every call travels to the web host over one WebSocket. Calls made before
 * the socket opens wait for it; when it closes, pending and later calls reject with the reason. DOM-free
 * except for the global WebSocket, which tests (Node 20 has none) replace with the `ws` package's.
 */
import type { HostApi } from './hostApi.js';
import { createWireClient, isWireMessage } from './wireClient.js';

/** The part of the WebSocket API this client uses (the browser's and `ws`'s both have it). */
export interface WebSocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'error', listener: (event: unknown) => void): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** A HostApi over a WebSocket, and a way to close it. */
export interface ConnectedHost extends HostApi {
  close(): void;
}

/** The host's WebSocket address and token, from the page's own address (`http://127.0.0.1:PORT/?token=…`). */
export function hostAddressFromPage(href: string): { url: string; token: string } | null {
  const page = new URL(href);
  const token = page.searchParams.get('token');
  if (!token) return null;
  const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:';
  return { url: `${scheme}//${page.host}/api`, token };
}

function decode(data: unknown): string | null {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
    return new TextDecoder().decode(data instanceof ArrayBuffer ? new Uint8Array(data) : (data as Uint8Array));
  }
  return null;
}

/**
 * Connects to the web host at `url` (its `/api` WebSocket) with the page's token. Returns at once; calls
 * wait for the connection. Errors reject with a HostError: the host's message and its problems.
 */
export function connectHost(url: string, token: string, WebSocketImpl?: WebSocketConstructor): ConnectedHost {
  const Impl = WebSocketImpl ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!Impl) throw new Error('This environment has no WebSocket; pass one to connectHost.');
  const address = new URL(url);
  address.searchParams.set('token', token);
  const socket = new Impl(address.toString());
  let open = false;
  let queue: string[] = [];
  const client = createWireClient((request) => {
    const text = JSON.stringify(request);
    if (open) socket.send(text);
    else queue.push(text);
  });
  socket.addEventListener('open', () => {
    open = true;
    for (const text of queue) socket.send(text);
    queue = [];
  });
  socket.addEventListener('message', (event) => {
    const text = decode(event.data);
    if (text === null) return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (isWireMessage(message)) client.receive(message);
  });
  socket.addEventListener('close', (event) => {
    open = false;
    client.fail(new Error(`The connection to the FedFlow host closed${event.reason ? `: ${event.reason}` : ''}. Restart \`fedflow studio\` and reload the page.`));
  });
  socket.addEventListener('error', () => {
    // A 'close' event follows with the code; nothing more to do here.
  });
  return Object.assign(client.api, {
    close: () => {
      socket.close(1000, 'closed by the page');
    },
  });
}

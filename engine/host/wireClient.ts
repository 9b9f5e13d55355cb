/**
 * The client side of the wire protocol: a HostApi whose calls become WireRequests and whose answers and
 * run events arrive as WireMessages, over any transport (the browser's WebSocket, Electron's link to its
 * engine process). DOM-free and Node-free, so the renderer can import it.
 */
import { HOST_METHODS, type HostApi, type HostRunEvent, type WireMessage, type WireRequest } from './hostApi.js';
import { hostErrorFrom, isHostErrorValue } from './hostError.js';

export interface WireClient {
  api: HostApi;
  /** Hands the client one message from the host. */
  receive(message: WireMessage): void;
  /** The transport is gone: rejects every pending and later call with this error. */
  fail(error: Error): void;
}

/** Creates a HostApi that sends each call with `send`; feed the host's messages to `receive`. */
export function createWireClient(send: (request: WireRequest) => void): WireClient {
  let nextId = 1;
  let failed: Error | null = null;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const listeners = new Set<(e: HostRunEvent) => void>();

  const call = (method: WireRequest['method'], args: unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (failed) {
        reject(failed);
        return;
      }
      const id = nextId++;
      pending.set(id, { resolve, reject });
      try {
        send({ id, method, args });
      } catch (e) {
        pending.delete(id);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });

  const api = Object.fromEntries(HOST_METHODS.map((m) => [m, (...args: unknown[]) => call(m, args)])) as Record<string, unknown>;
  api.onRunEvent = (listener: (e: HostRunEvent) => void) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };

  return {
    api: api as unknown as HostApi,
    receive(message: WireMessage): void {
      if ('event' in message) {
        for (const l of listeners) {
          try {
            l(message.event);
          } catch {
            // One failing listener must not starve the others.
          }
        }
        return;
      }
      const waiting = pending.get(message.id);
      if (!waiting) return;
      pending.delete(message.id);
      if (message.ok) waiting.resolve(message.result);
      // A HostError, so the caller still has the problems' nodes and fields, not just the text.
      else waiting.reject(hostErrorFrom(message.error));
    },
    fail(error: Error): void {
      failed ??= error;
      for (const w of pending.values()) w.reject(failed);
      pending.clear();
    },
  };
}

/** Whether a decoded value has the shape of a WireMessage. */
export function isWireMessage(data: unknown): data is WireMessage {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as Record<string, unknown>;
  if ('event' in m) return typeof m.event === 'object' && m.event !== null;
  return typeof m.id === 'number' && (m.ok === true || (m.ok === false && isHostErrorValue(m.error)));
}

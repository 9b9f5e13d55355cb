/**
 * The host side of the wire protocol (WireRequest → WireMessage), shared by the web host's WebSocket and
 * the Electron engine process: a message is checked to be a call of one of HOST_METHODS before anything
 * runs, and an error travels back as a HostErrorValue: its message and the problems behind it.
 */
import { HOST_METHODS, type HostApi, type HostMethod, type WireMessage, type WireRequest } from './hostApi.js';
import { hostErrorValue } from './hostError.js';

const METHODS = new Set<string>(HOST_METHODS);
const MAX_ARGS = 4;

/** Reads a decoded message as a WireRequest, or null when it is not one. */
export function parseWireRequest(data: unknown): WireRequest | null {
  if (typeof data !== 'object' || data === null) return null;
  const { id, method, args } = data as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return null;
  if (typeof method !== 'string' || !METHODS.has(method)) return null;
  if (!Array.isArray(args) || args.length > MAX_ARGS) return null;
  return { id, method: method as HostMethod, args };
}

/** Calls the host method a request names and answers with its result or its error as a value. */
export async function answerWireRequest(host: HostApi, request: WireRequest): Promise<WireMessage> {
  try {
    const method = host[request.method] as (...args: unknown[]) => Promise<unknown>;
    const result = await method.apply(host, request.args);
    return { id: request.id, ok: true, result: result === undefined ? null : result };
  } catch (e) {
    return { id: request.id, ok: false, error: hostErrorValue(e) };
  }
}

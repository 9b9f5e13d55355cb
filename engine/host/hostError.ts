/**
 * A failed HostApi call as a value. The hosts' transports (the web host's WebSocket, Electron's IPC and
 * its engine process) carry JSON or structured clones, and an Error crosses neither with more than its
 * message: a pipeline's problems, each naming its node and field, would arrive as one string. So a host
 * answers a failure with a HostErrorValue, and the client side rejects with a HostError rebuilt from it.
 *
 * DOM-free and Node-free: the renderer, the preload (types only) and both hosts import it.
 */
import type { Problem } from '../format/problems.js';
import { HOST_METHODS, type HostApi } from './hostApi.js';

/**
 * The failures the workbench answers with more than a toast, named so it never matches on a message's
 * words: `changed-on-disk` is a save refused because the file is no longer the version the tab had.
 */
export const HOST_ERROR_CODES = ['changed-on-disk'] as const;

/** One of HOST_ERROR_CODES. */
export type HostErrorCode = (typeof HOST_ERROR_CODES)[number];

/** What a failed call answers with, across every transport. */
export interface HostErrorValue {
  /** For the user, as it is shown today (it lists the problems too, for readers of the text alone). */
  message: string;
  /** The problems behind the failure, where there are any: what the workbench can point at. */
  problems?: Problem[];
  /** What kind of failure it is, for the few the workbench handles itself; absent for the rest. */
  code?: HostErrorCode;
}

/** The Error a HostApi call rejects with: the host's message, the problems behind it (maybe none), its code. */
export class HostError extends Error {
  readonly problems: Problem[];
  readonly code: HostErrorCode | undefined;

  constructor(message: string, problems: readonly Problem[] = [], code?: HostErrorCode) {
    super(message);
    this.name = 'HostError';
    this.problems = [...problems];
    this.code = code;
  }
}

/** The code in a value that crossed a boundary, if it is one of HOST_ERROR_CODES. */
export function hostErrorCodeFrom(value: unknown): HostErrorCode | undefined {
  return (HOST_ERROR_CODES as readonly unknown[]).includes(value) ? (value as HostErrorCode) : undefined;
}

/** Whether a call rejected with a HostError of this code (its message is never read for this). */
export function hasHostErrorCode(e: unknown, code: HostErrorCode): boolean {
  return e instanceof HostError && e.code === code;
}

const SEVERITIES = new Set(['error', 'warning']);

/**
 * The well-formed problems in a value that crossed a process or page boundary, with only the fields a
 * Problem has: a malformed entry is dropped rather than shown half-read.
 */
export function problemsFrom(value: unknown): Problem[] {
  if (!Array.isArray(value)) return [];
  const problems: Problem[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null) continue;
    const p = item as Record<string, unknown>;
    if (typeof p.message !== 'string' || typeof p.severity !== 'string' || !SEVERITIES.has(p.severity)) continue;
    problems.push({
      severity: p.severity as Problem['severity'],
      message: p.message,
      ...(typeof p.nodeId === 'string' ? { nodeId: p.nodeId } : {}),
      ...(typeof p.edgeId === 'string' ? { edgeId: p.edgeId } : {}),
      ...(typeof p.field === 'string' ? { field: p.field } : {}),
      ...(typeof p.line === 'number' && Number.isInteger(p.line) ? { line: p.line } : {}),
    });
  }
  return problems;
}

/** Whether a decoded value has the shape of a HostErrorValue (its problems are checked when read). */
export function isHostErrorValue(value: unknown): value is HostErrorValue {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

/**
 * A thrown value as a HostErrorValue. Keeps the problems (and code) of any error that has them: a HostError, a
 * PipelineError from the engine, or a HostError's value rebuilt on the far side of a bridge.
 */
export function hostErrorValue(e: unknown): HostErrorValue {
  const message = e instanceof Error || isHostErrorValue(e) ? e.message : String(e);
  const problems = typeof e === 'object' && e !== null ? problemsFrom((e as { problems?: unknown }).problems) : [];
  const code = typeof e === 'object' && e !== null ? hostErrorCodeFrom((e as { code?: unknown }).code) : undefined;
  return { message, ...(problems.length > 0 ? { problems } : {}), ...(code ? { code } : {}) };
}

/** A HostError from whatever a call rejected with: an answer's error value, an Error, anything. */
export function hostErrorFrom(e: unknown): HostError {
  if (e instanceof HostError) return e;
  const value = hostErrorValue(e);
  return new HostError(value.message, value.problems, value.code);
}

/** The problems a rejected call carried; none for an error that is not a HostError. */
export function problemsOfError(e: unknown): Problem[] {
  return e instanceof HostError ? e.problems : [];
}

/**
 * The same HostApi, its calls rejecting with HostErrors. Electron's contextBridge copies an Error into
 * the page with its message only, so the preload rejects with a HostErrorValue, a plain object that it
 * copies whole; this turns it back into an Error.
 */
export function withHostErrors(api: HostApi): HostApi {
  const wrapped: Record<string, unknown> = { onRunEvent: api.onRunEvent.bind(api) };
  for (const method of HOST_METHODS) {
    const call = api[method] as (...args: unknown[]) => Promise<unknown>;
    wrapped[method] = async (...args: unknown[]) => {
      try {
        return await call.apply(api, args);
      } catch (e) {
        throw hostErrorFrom(e);
      }
    };
  }
  return wrapped as unknown as HostApi;
}

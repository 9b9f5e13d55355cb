/**
 * The IPC channels between the preload and the main process. The preload (a sandboxed CommonJS script
 * that cannot load our modules) repeats these values; test/electron/preload.test.ts checks they agree.
 */
import type { HostErrorValue } from '../engine/host/hostError.js';

/** `fedflow:<method>` for each of HOST_METHODS, answered with an IpcAnswer. */
export const HOST_CHANNEL_PREFIX = 'fedflow:';
/** Run events, main → page. */
export const RUN_EVENT_CHANNEL = 'fedflow:run-event';

/**
 * What a handler answers. Errors travel as values: a thrown error would reach the page wrapped as
 * "Error invoking remote method …" and without its problems, and the HostApi promises a message written
 * for the user and the problems' nodes and fields.
 */
export type IpcAnswer = { ok: true; result: unknown } | { ok: false; error: HostErrorValue };

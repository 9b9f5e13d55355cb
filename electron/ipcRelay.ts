/**
 * What the main process answers on a `fedflow:<method>` channel: the call relayed to the engine's host,
 * for the app's own page only, with any failure as a value. A plain function over a HostApi, so the whole
 * path page → preload → main → host is tested without Electron (test/electron/fileGrants.test.ts). The
 * main process itself checks no paths: the host behind it does (engine/host/fileGrants.ts), so the rule is
 * the same whichever way a call arrives.
 */
import type { HostApi, HostMethod } from '../engine/host/hostApi.js';
import { hostErrorValue } from '../engine/host/hostError.js';
import { isTrustedSender } from './appUrl.js';
import type { IpcAnswer } from './ipcChannels.js';

/** Relays one IPC call from the frame at `senderUrl` to `host`. */
export async function answerIpc(host: () => HostApi, method: HostMethod, args: unknown[], senderUrl: string | null | undefined, devUrl?: string): Promise<IpcAnswer> {
  if (!isTrustedSender(senderUrl, devUrl)) return { ok: false, error: { message: 'This page may not use FedFlow.' } };
  try {
    const api = host();
    const result = await (api[method] as (...a: unknown[]) => Promise<unknown>).apply(api, args);
    return { ok: true, result };
  } catch (e) {
    // The engine link rejects with a HostError; its problems go on to the page as values.
    return { ok: false, error: hostErrorValue(e) };
  }
}

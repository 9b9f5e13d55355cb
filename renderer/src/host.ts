/**
 * Picks the HostApi the workbench talks to: Electron's preload (`window.fedflow`), else the web host's
 * WebSocket (its address and token come from the page URL), else the in-memory fake host (`?fake=1`, or
 * a page opened without a host, e.g. `vite preview`).
 */
import type { HostApi } from '../../engine/host/hostApi.js';
import { withHostErrors } from '../../engine/host/hostError.js';
import { connectHost, hostAddressFromPage } from '../../engine/host/wsHostClient.js';

declare global {
  interface Window {
    /** The HostApi Electron's preload exposes with contextBridge. */
    fedflow?: HostApi;
  }
}

export type HostKind = 'electron' | 'web' | 'fake';

export interface PickedHost {
  api: HostApi;
  kind: HostKind;
  /** Why the fake host is used, when it was not asked for. */
  note?: string;
}

/** The host for this page. */
export async function pickHost(win: Window = window): Promise<PickedHost> {
  const params = new URLSearchParams(win.location.search);
  if (params.get('fake') === '1') return { api: await fake(), kind: 'fake' };
  // The preload rejects with plain error values (see electron/preload.cts); the workbench gets HostErrors.
  if (win.fedflow) return { api: withHostErrors(win.fedflow), kind: 'electron' };
  const address = hostAddressFromPage(win.location.href);
  if (address) return { api: connectHost(address.url, address.token), kind: 'web' };
  return {
    api: await fake(),
    kind: 'fake',
    note: 'No FedFlow host: this page runs on an in-memory demo host. Start `fedflow studio` for real runs.',
  };
}

async function fake(): Promise<HostApi> {
  const { createFakeHost } = await import('./host/fakeHost.js');
  return createFakeHost();
}

/**
 * The desktop app's own address, and who may call the host. The workbench is served from a privileged
 * custom scheme (`app://fedflow/…`), not file://, so its responses carry real headers (a CSP) and its
 * origin is not the whole file system; the same build that the web host serves at `/` works unchanged.
 * Pure functions, so they are tested without Electron.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'fedflow';
/** The page the main window loads. */
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Whether an IPC message comes from the app's own page: the `app://fedflow/` index (any query or hash),
 * or, in development, a page of the dev server's origin. Anything else — another page the window was
 * somehow navigated to, an iframe of another site, a frame that is gone (null) — is refused.
 */
export function isTrustedSender(frameUrl: string | null | undefined, devUrl?: string): boolean {
  if (!frameUrl) return false;
  let url: URL;
  try {
    url = new URL(frameUrl);
  } catch {
    return false;
  }
  if (url.protocol === `${APP_SCHEME}:`) {
    return url.host === APP_HOST && (url.pathname === '/index.html' || url.pathname === '/') && !url.username && !url.password;
  }
  if (devUrl) {
    try {
      const dev = new URL(devUrl);
      return (dev.protocol === 'http:' || dev.protocol === 'https:') && url.origin === dev.origin;
    } catch {
      return false;
    }
  }
  return false;
}

/** The dev server to load instead of the built workbench (`FEDFLOW_DEV_URL`, e.g. Vite's), local addresses only. */
export function devServerUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
    return local && (url.protocol === 'http:' || url.protocol === 'https:') ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** Links the page may open, in the user's browser and never in the app: https only. */
export function isExternalLink(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

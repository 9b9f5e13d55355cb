/** Share links: copy one for the active document; open the one in the page's URL hash as a new, unsaved tab. */
import type { Services } from '../services.js';
import { decodeShareCode, shareCodeOf, shareHash, ShareLinkError, shareUrl } from '../store/shareLink.js';
import { showToast } from '../ui/uiStore.js';

/** Copies a link that opens the active document (its seed too) to the clipboard. */
export async function copyShareLink(s: Services): Promise<void> {
  const docs = s.documents.getState();
  const tab = docs.tabs.find((t) => t.key === docs.activeKey);
  if (!tab?.doc) {
    showToast(s.ui, 'warning', 'Open a pipeline to share it.');
    return;
  }
  const url = shareUrl(location.href, await shareHash(tab.doc));
  try {
    await navigator.clipboard.writeText(url);
    showToast(s.ui, 'info', `Copied a share link for '${tab.doc.name}' (${url.length.toLocaleString('en')} characters).`);
  } catch {
    s.runs.getState().note('info', `Share link for '${tab.doc.name}': ${url}`);
    s.view.getState().showBottom('output');
    showToast(s.ui, 'warning', 'The clipboard is not available; the share link is in Output.');
  }
}

/** Opens the document of a share link in the URL hash as a new, unsaved tab; returns whether there was one. */
export async function openShareLinkFromHash(s: Services, hash = location.hash): Promise<boolean> {
  const code = shareCodeOf(hash);
  if (!code) return false;
  try {
    const doc = await decodeShareCode(code);
    s.documents.getState().openDocument({ name: doc.name, path: null, doc });
    showToast(s.ui, 'info', `Opened '${doc.name}' from a share link.`);
  } catch (e) {
    const message = e instanceof ShareLinkError ? e.message : `The share link cannot be opened: ${String(e)}`;
    s.runs.getState().note('error', message);
    showToast(s.ui, 'error', message);
  }
  // Leave the address clean, so a reload does not open it twice.
  history.replaceState(null, '', location.href.replace(/#.*$/, ''));
  return true;
}

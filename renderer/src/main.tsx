/** The workbench's entry: pick the host, build the stores, render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './App.js';
import { openShareLinkFromHash } from './actions/shareActions.js';
import { pickHost } from './host.js';
import { savedLessonMode } from './hooks/useLessonModeStorage.js';
import { THEME_STORAGE_KEY } from './hooks/useThemeAttribute.js';
import { createServices, ServicesContext } from './services.js';
import { claimRecoverySlot, webSlotLocks } from './store/recoverySlot.js';
import { keepSessionTabs, parseSessionTabs, restoreSessionTabs, SESSION_TABS_KEY } from './store/sessionTabs.js';
import type { Theme } from './store/viewStore.js';
import { showToast } from './ui/uiStore.js';
import './styles/theme.css';
import './styles/workbench.css';
import './styles/canvas.css';

// The page's Content-Security-Policy forbids eval; zod's compiled fast path would try it.
z.config({ jitless: true });

function savedTheme(): Theme {
  try {
    const t = localStorage.getItem(THEME_STORAGE_KEY);
    if (t === 'light' || t === 'dark') return t;
  } catch {
    // No storage: fall through to the system preference.
  }
  return window.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

function sessionStorageOrNull(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

async function start() {
  const picked = await pickHost();
  const locks = webSlotLocks(navigator.locks);
  const storage = sessionStorageOrNull();
  const slot = await claimRecoverySlot(storage, locks);
  const services = createServices(picked.api, picked.kind, savedTheme(), savedLessonMode(), { slot, locks });
  // The tabs open before a reload come back first, so reattaching to a live run finds its tab among them.
  if (storage) {
    const kept = parseSessionTabs(storage.getItem(SESSION_TABS_KEY));
    if (kept) services.recovery.restored = restoreSessionTabs(services.documents, kept);
    keepSessionTabs(storage, services.documents, {
      onLeave: (flush) => {
        window.addEventListener('pagehide', flush);
        return () => window.removeEventListener('pagehide', flush);
      },
    });
  }
  if (picked.note) {
    services.runs.getState().note('warning', picked.note);
    showToast(services.ui, 'warning', picked.note);
  }
  // Exposed for end-to-end tests and debugging: the stores, never the host's internals.
  (window as unknown as { fedflowStudio?: unknown }).fedflowStudio = {
    documents: services.documents,
    view: services.view,
    runs: services.runs,
    dataChecks: services.dataChecks,
    ui: services.ui,
  };
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ServicesContext.Provider value={services}>
        <App />
      </ServicesContext.Provider>
    </StrictMode>,
  );
  // A share link (`#pipeline=…`) opens its document as a new, unsaved tab, at start and when pasted later.
  void openShareLinkFromHash(services);
  window.addEventListener('hashchange', () => void openShareLinkFromHash(services));
}

void start();

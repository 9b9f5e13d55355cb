/**
 * The Serve dialog's last fields, remembered across reloads globally (localStorage): a class serves the
 * same port and certificate each time, whichever document it serves.
 */
import { DEFAULT_SERVE_FORM, SERVE_FIELDS, type ServeForm } from '../store/serveOptions.js';

export const SERVE_OPTIONS_STORAGE_KEY = 'fedflow-serve-options';

/** The fields the dialog showed last time it served (defaults where none or unreadable). */
export function savedServeForm(): ServeForm {
  try {
    const saved = JSON.parse(localStorage.getItem(SERVE_OPTIONS_STORAGE_KEY) ?? '{}') as Record<string, unknown>;
    const form = { ...DEFAULT_SERVE_FORM };
    for (const f of SERVE_FIELDS) if (typeof saved[f] === 'string') form[f] = saved[f];
    return form;
  } catch {
    return { ...DEFAULT_SERVE_FORM };
  }
}

/** Remembers the fields for next time. */
export function saveServeForm(form: ServeForm): void {
  try {
    localStorage.setItem(SERVE_OPTIONS_STORAGE_KEY, JSON.stringify(form));
  } catch {
    // Storage may be unavailable (private mode); serving still works.
  }
}

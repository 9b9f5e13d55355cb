/** Runs a host call and turns a rejection into a toast and an Output line, so no error goes unseen. */
import type { Services } from '../services.js';
import { showToast } from '../ui/uiStore.js';

export async function guard<T>(s: Services, what: string, task: () => Promise<T>): Promise<T | undefined> {
  try {
    return await task();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    showToast(s.ui, 'error', `${what}: ${message}`);
    s.runs.getState().note('error', `${what}: ${message}`);
    return undefined;
  }
}

/**
 * Transient workbench state that is neither document nor view: what the host told us (info, templates,
 * files), the quick input open (command palette, file picker, prompts), a toast, and the recovery offer.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { HostInfo, RecentFile, TemplateEntry } from '../../../engine/host/hostApi.js';
import type { KeptRecoveryDocument } from '../../../engine/host/recoverySlots.js';

export interface QuickPickItem {
  id: string;
  label: string;
  detail?: string;
  /** A key hint shown on the right, e.g. `Ctrl+S`. */
  hint?: string;
}

export type QuickInputRequest =
  | {
      kind: 'pick';
      placeholder: string;
      items: QuickPickItem[];
      testId: string;
      resolve: (item: QuickPickItem | null) => void;
    }
  | { kind: 'prompt'; placeholder: string; initial: string; testId: string; resolve: (text: string | null) => void };

export interface Toast {
  id: number;
  level: 'info' | 'warning' | 'error';
  text: string;
}

/** A document a crash or a closed window left unsaved, with the window (slot) it came from. */
export type RecoveryDocument = KeptRecoveryDocument;

export interface UiState {
  hostInfo: HostInfo | null;
  hostError: string | null;
  templates: TemplateEntry[];
  recentFiles: RecentFile[];
  workspaceFiles: RecentFile[];
  quickInput: QuickInputRequest | null;
  toast: Toast | null;
  recoveryOffer: RecoveryDocument[];
  /** Where the quick-add box is open on the canvas (flow coordinates and screen position). */
  quickAdd: { flow: { x: number; y: number }; screen: { x: number; y: number } } | null;
  /** The node whose label is being edited on its card (F2), in the tab it belongs to. */
  renaming: { tabKey: string; nodeId: string } | null;
}

export type UiStore = StoreApi<UiState>;

export function createUiStore(): UiStore {
  return createStore<UiState>()(() => ({
    hostInfo: null,
    hostError: null,
    templates: [],
    recentFiles: [],
    workspaceFiles: [],
    quickInput: null,
    toast: null,
    recoveryOffer: [],
    quickAdd: null,
    renaming: null,
  }));
}

let toastCounter = 0;

/** Shows a toast that the Toast component hides after a while. */
export function showToast(ui: UiStore, level: Toast['level'], text: string): void {
  ui.setState({ toast: { id: ++toastCounter, level, text } });
}

/** Opens a quick pick and resolves with the chosen item, or null when dismissed. */
export function quickPick(
  ui: UiStore,
  placeholder: string,
  items: QuickPickItem[],
  testId = 'quick-pick',
): Promise<QuickPickItem | null> {
  return new Promise((resolve) => {
    ui.getState().quickInput?.resolve(null);
    ui.setState({ quickInput: { kind: 'pick', placeholder, items, testId, resolve } });
  });
}

/** Asks for a line of text and resolves with it, or null when dismissed. */
export function quickPrompt(ui: UiStore, placeholder: string, initial = '', testId = 'quick-prompt'): Promise<string | null> {
  return new Promise((resolve) => {
    ui.getState().quickInput?.resolve(null);
    ui.setState({ quickInput: { kind: 'prompt', placeholder, initial, testId, resolve } });
  });
}

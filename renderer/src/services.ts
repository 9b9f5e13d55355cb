/**
 * Everything the workbench's components and commands share: the host and the stores. Made once at start
 * (main.tsx) and handed down with React context, so tests can build one around a fake host.
 */
import { createContext } from 'react';
import type { HostApi } from '../../engine/host/hostApi.js';
import { DEFAULT_RECOVERY_SLOT } from '../../engine/host/recoverySlots.js';
import type { ClipboardContent } from './store/clipboard.js';
import type { Box } from './store/freeSpot.js';
import type { SlotLocks } from './store/recoverySlot.js';
import { createDataChecksStore, type DataChecksStore } from './store/dataChecks.js';
import { createDocumentsStore, type DocumentsStore } from './store/documentsStore.js';
import { createRunStore, type RunStore } from './store/runStore.js';
import { createServeStore, type ServeStore } from './store/serveStore.js';
import { createStoredRunsStore, type StoredRunsStore } from './store/storedRunsStore.js';
import { createViewStore, type Theme, type ViewStore } from './store/viewStore.js';
import type { HostKind } from './host.js';
import { createUiStore, type UiStore } from './ui/uiStore.js';

/** What the canvas lends to commands that need screen geometry (paste at the centre, fit view). */
export interface FlowBridge {
  /** The flow position at the centre of the visible canvas. */
  center(): { x: number; y: number } | null;
  fitView(): void;
  /** The active canvas's nodes as measured on screen, in flow coordinates (null when no canvas is shown). */
  nodeBoxes(): Box[] | null;
  /** The active canvas's measured node sizes by node id (null when no canvas is shown), for Arrange Pipeline. */
  nodeSizes(): Record<string, { width: number; height: number }> | null;
}

export interface Services {
  host: HostApi;
  hostKind: HostKind;
  documents: DocumentsStore;
  view: ViewStore;
  runs: RunStore;
  /** What the host's checkPipeline found for each tab's document: data problems and the splits' partitions. */
  dataChecks: DataChecksStore;
  /** The Runs view: the run store's listing, selection and comparison. */
  storedRuns: StoredRunsStore;
  /** Run → Serve: the served federation's join link and clients (store/serveStore.ts). */
  serve: ServeStore;
  ui: UiStore;
  clipboard: { content: ClipboardContent | null };
  flow: FlowBridge;
  /**
   * This window's crash-recovery slot, the locks that tell which windows are open (store/recoverySlot.ts), and
   * the keys of the tabs a reload brought back (store/sessionTabs.ts), which the recovery banner leaves out.
   */
  recovery: { slot: string; locks: SlotLocks | null; restored?: ReadonlySet<string> };
}

/** Builds the services around a host. */
export function createServices(
  host: HostApi,
  hostKind: HostKind,
  theme: Theme = 'dark',
  lessonMode = false,
  recovery: Services['recovery'] = { slot: DEFAULT_RECOVERY_SLOT, locks: null },
): Services {
  return {
    host,
    hostKind,
    documents: createDocumentsStore(),
    view: createViewStore({ theme, lessonMode }),
    runs: createRunStore(),
    dataChecks: createDataChecksStore(),
    storedRuns: createStoredRunsStore(),
    serve: createServeStore(),
    ui: createUiStore(),
    clipboard: { content: null },
    flow: { center: () => null, fitView: () => undefined, nodeBoxes: () => null, nodeSizes: () => null },
    recovery,
  };
}

export const ServicesContext = createContext<Services | null>(null);

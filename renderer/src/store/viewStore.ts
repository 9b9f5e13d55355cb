/**
 * View state, kept apart from the documents: selection per tab, theme, which views and panels are open,
 * and pane sizes. Nothing here is saved in a pipeline file.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { YScale } from '../charts/scale.js';
import type { MetricsAxis } from './metricsAxis.js';

export type Theme = 'dark' | 'light';
export type ActivityView = 'explorer' | 'templates' | 'runs';
export type BottomTab = 'problems' | 'output' | 'metrics' | 'compare' | 'sweep' | 'federation';

export interface Selection {
  nodes: string[];
  edges: string[];
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

export interface PaneSizes {
  sideBar: number;
  inspector: number;
  bottomPanel: number;
}

export interface ViewState {
  theme: Theme;
  activity: ActivityView;
  sideBarVisible: boolean;
  bottomTab: BottomTab;
  bottomVisible: boolean;
  inspectorVisible: boolean;
  sizes: PaneSizes;
  paletteOpen: boolean;
  /** Selection per tab key. */
  selection: Record<string, Selection>;
  /** The canvas viewport per tab key, so switching tabs keeps each view where it was. */
  viewports: Record<string, Viewport>;
  /** Lesson mode: a clean classroom view (no Output, minimap or inspector) with the Lesson panel. */
  lessonMode: boolean;
  /** The lesson step shown, per tab key. */
  lessonSteps: Record<string, number>;
  /** Presentation mode, for a projector: every panel folded away, the canvas and the lesson side by side, large type and a large chart. */
  presentation: boolean;
  /** The Metrics panel's x axis: rounds, simulated time, or bytes so far (see metricsAxis.ts for when each is offered). */
  metricsAxis: MetricsAxis;
  /** The Metrics panel's loss charts' y axis: linear, or log so one diverging federation does not flatten the others. */
  lossScale: YScale;
  /** Dragged nodes snap to the canvas grid (the command "Toggle Snap to Grid"). */
  snapToGrid: boolean;

  setTheme(theme: Theme): void;
  toggleTheme(): void;
  /** Shows a side bar view; choosing the view already shown hides the side bar, as in VS Code. */
  showActivity(view: ActivityView): void;
  showBottom(tab: BottomTab): void;
  toggleBottom(): void;
  toggleInspector(): void;
  setSize(pane: keyof PaneSizes, px: number): void;
  setPaletteOpen(open: boolean): void;
  select(tabKey: string, selection: Partial<Selection>): void;
  clearSelection(tabKey: string): void;
  setViewport(tabKey: string, viewport: Viewport): void;
  setLessonMode(on: boolean): void;
  toggleLessonMode(): void;
  togglePresentation(): void;
  setLessonStep(tabKey: string, index: number): void;
  setMetricsAxis(axis: MetricsAxis): void;
  setLossScale(scale: YScale): void;
  toggleSnapToGrid(): void;
}

export type ViewStore = StoreApi<ViewState>;

export const EMPTY_SELECTION: Selection = Object.freeze({ nodes: [], edges: [] }) as Selection;

/** Limits so a dragged pane can neither vanish nor swallow the canvas. */
export const PANE_LIMITS: Record<keyof PaneSizes, { min: number; max: number }> = {
  sideBar: { min: 160, max: 600 },
  inspector: { min: 220, max: 700 },
  bottomPanel: { min: 100, max: 800 },
};

/** Creates the view store. */
export function createViewStore(initial: Partial<Pick<ViewState, 'theme' | 'sizes' | 'lessonMode'>> = {}): ViewStore {
  return createStore<ViewState>()((set) => ({
    theme: initial.theme ?? 'dark',
    activity: 'explorer',
    sideBarVisible: true,
    bottomTab: 'problems',
    bottomVisible: true,
    inspectorVisible: true,
    sizes: initial.sizes ?? { sideBar: 240, inspector: 300, bottomPanel: 270 },
    paletteOpen: false,
    selection: {},
    viewports: {},
    lessonMode: initial.lessonMode ?? false,
    lessonSteps: {},
    presentation: false,
    metricsAxis: 'rounds',
    lossScale: 'linear',
    snapToGrid: false,

    setTheme: (theme) => set({ theme }),
    toggleTheme: () => set((s) => ({ theme: s.theme === 'dark' ? 'light' : 'dark' })),
    showActivity: (view) =>
      set((s) => (s.activity === view && s.sideBarVisible ? { sideBarVisible: false } : { activity: view, sideBarVisible: true })),
    showBottom: (tab) => set({ bottomTab: tab, bottomVisible: true }),
    toggleBottom: () => set((s) => ({ bottomVisible: !s.bottomVisible })),
    toggleInspector: () => set((s) => ({ inspectorVisible: !s.inspectorVisible })),
    setSize: (pane, px) =>
      set((s) => {
        const { min, max } = PANE_LIMITS[pane];
        return { sizes: { ...s.sizes, [pane]: Math.round(Math.min(max, Math.max(min, px))) } };
      }),
    setPaletteOpen: (open) => set({ paletteOpen: open }),
    select: (tabKey, selection) =>
      set((s) => {
        const prev = s.selection[tabKey] ?? EMPTY_SELECTION;
        const next = { nodes: selection.nodes ?? prev.nodes, edges: selection.edges ?? prev.edges };
        if (sameIds(prev.nodes, next.nodes) && sameIds(prev.edges, next.edges)) return s;
        return { selection: { ...s.selection, [tabKey]: next } };
      }),
    clearSelection: (tabKey) => set((s) => ({ selection: { ...s.selection, [tabKey]: EMPTY_SELECTION } })),
    setViewport: (tabKey, viewport) => set((s) => ({ viewports: { ...s.viewports, [tabKey]: viewport } })),
    setLessonMode: (on) => set({ lessonMode: on }),
    toggleLessonMode: () => set((s) => ({ lessonMode: !s.lessonMode })),
    togglePresentation: () => set((s) => ({ presentation: !s.presentation })),
    setLessonStep: (tabKey, index) => set((s) => ({ lessonSteps: { ...s.lessonSteps, [tabKey]: Math.max(0, Math.floor(index)) } })),
    setMetricsAxis: (axis) => set({ metricsAxis: axis }),
    setLossScale: (scale) => set({ lossScale: scale }),
    toggleSnapToGrid: () => set((s) => ({ snapToGrid: !s.snapToGrid })),
  }));
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

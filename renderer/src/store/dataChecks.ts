/**
 * What the host's checkPipeline found for each tab's document (engine/run/checkPipeline.ts): the problems
 * only its data can show, and each split's partition before any run. Each entry names the very document
 * object it is about; a check of an earlier version is dropped when it lands, and an entry whose document
 * is no longer the tab's is never shown (see currentCheck), so a stale result cannot reach the screen.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { sourceOf } from '../../../engine/format/graph.js';
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import type { Problem } from '../../../engine/format/problems.js';
import type { PipelineCheck } from '../../../engine/host/hostApi.js';
import type { PartitionInfo } from '../../../engine/run/events.js';

/** One tab's check: asked, answered or failed, for one document object. */
export interface DataCheck {
  doc: PipelineDocument;
  state: 'checking' | 'done' | 'failed';
  /** Every problem the host found (validation's, then the data's); empty until done. */
  problems: Problem[];
  /** Each split's partition, by split id, where planning succeeded. */
  partitions: Record<string, PartitionInfo>;
  /** Why the host could not check (state `failed`). */
  message?: string;
  /** The tab's last answered check before this one, whose partitions may still hold (see splitPartition). */
  lastDone?: DataCheck;
}

export interface DataChecksState {
  /** The latest check of each tab, by tab key. */
  byTab: Record<string, DataCheck>;
  /** A check of `doc` was asked for: it supersedes every earlier one of the tab. */
  checking(tabKey: string, doc: PipelineDocument): void;
  /** The host answered for `doc`; dropped unless `doc` is still the one the tab's check is about. */
  finished(tabKey: string, doc: PipelineDocument, check: PipelineCheck): void;
  /** The host could not check `doc`; dropped as a stale answer is. */
  failed(tabKey: string, doc: PipelineDocument, message: string): void;
  /** Forgets the checks of tabs no longer open. */
  keepOnly(tabKeys: readonly string[]): void;
}

export type DataChecksStore = StoreApi<DataChecksState>;

const byId = (partitions: readonly PartitionInfo[] = []) => Object.fromEntries(partitions.map((p) => [p.splitId, p]));

/** Creates the store of data checks. */
export function createDataChecksStore(): DataChecksStore {
  return createStore<DataChecksState>()((set, get) => {
    const settle = (tabKey: string, doc: PipelineDocument, entry: Omit<DataCheck, 'doc'>) => {
      if (get().byTab[tabKey]?.doc !== doc) return;
      set({ byTab: { ...get().byTab, [tabKey]: { doc, ...entry } } });
    };
    return {
      byTab: {},
      checking(tabKey, doc) {
        const before = get().byTab[tabKey];
        const lastDone = before?.state === 'done' ? { ...before, lastDone: undefined } : before?.lastDone;
        set({ byTab: { ...get().byTab, [tabKey]: { doc, state: 'checking', problems: [], partitions: {}, ...(lastDone ? { lastDone } : {}) } } });
      },
      finished(tabKey, doc, check) {
        settle(tabKey, doc, { state: 'done', problems: check.problems, partitions: byId(check.partitions) });
      },
      failed(tabKey, doc, message) {
        settle(tabKey, doc, { state: 'failed', problems: [], partitions: {}, message, ...(get().byTab[tabKey]?.lastDone ? { lastDone: get().byTab[tabKey].lastDone } : {}) });
      },
      keepOnly(tabKeys) {
        const keep = new Set(tabKeys);
        const byTab = get().byTab;
        if (Object.keys(byTab).every((k) => keep.has(k))) return;
        set({ byTab: Object.fromEntries(Object.entries(byTab).filter(([k]) => keep.has(k))) });
      },
    };
  });
}

/** The check of this very document, or undefined when there is none or it is of another version. */
export function currentCheck(check: DataCheck | undefined, doc: PipelineDocument | null | undefined): DataCheck | undefined {
  return check && doc && check.doc === doc ? check : undefined;
}

/** Whether a split's partition in `before` is the one `doc` would make: the same seed, split params and data set params. */
function sameSplit(before: PipelineDocument, doc: PipelineDocument, splitId: string): boolean {
  const split = (d: PipelineDocument) => d.nodes.find((n) => n.id === splitId && n.kind === 'split');
  const data = (d: PipelineDocument) => sourceOf(d, splitId, 'data', 'dataset');
  const [a, b] = [split(before), split(doc)];
  const [da, db] = [data(before), data(doc)];
  // Edits copy what they change, so an unchanged node keeps its very params object.
  return before.seed === doc.seed && !!a && a.params === b?.params && !!da && da.id === db?.id && da.params === db.params;
}

/**
 * A split's partition for the card: the current check's, or while the document is being checked again,
 * the last answer's where the split, its data set and the seed are unchanged (an edit elsewhere does not
 * make the heatmap blink out). Never one from a document whose split was different.
 */
export function splitPartition(check: DataCheck | undefined, doc: PipelineDocument | null | undefined, splitId: string): PartitionInfo | undefined {
  if (!check || !doc) return undefined;
  const current = currentCheck(check, doc);
  if (current) {
    if (current.state === 'done') return current.partitions[splitId];
    const last = current.lastDone;
    return last && sameSplit(last.doc, doc, splitId) ? last.partitions[splitId] : undefined;
  }
  const last = check.state === 'done' ? check : check.lastDone;
  return last && sameSplit(last.doc, doc, splitId) ? last.partitions[splitId] : undefined;
}

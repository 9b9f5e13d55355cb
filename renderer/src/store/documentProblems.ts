/** The problems of an open document, memoised per document object so every view shares one validation. */
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import type { Problem } from '../../../engine/format/problems.js';
import { validatePipeline } from '../../../engine/format/validate.js';
import type { DocumentTab } from './documentTab.js';

const cache = new WeakMap<PipelineDocument, Problem[]>();

/** validatePipeline's problems for a document, computed once per document object. */
export function problemsOf(doc: PipelineDocument): Problem[] {
  let problems = cache.get(doc);
  if (!problems) {
    problems = validatePipeline(doc);
    cache.set(doc, problems);
  }
  return problems;
}

const NONE: Problem[] = [];

/**
 * What the Problems panel, the status bar and the inspector show for a tab: the live document's problems, or
 * those found reading its file. A pipeline with no node yet is a start, not a mistake: it shows none (the
 * canvas says how to begin, and Run says why it cannot run yet — see runBlocker).
 */
export function tabProblems(tab: DocumentTab): Problem[] {
  if (!tab.doc) return tab.loadProblems;
  return tab.doc.nodes.length === 0 ? NONE : problemsOf(tab.doc);
}

/** Why Run cannot start the document, in one sentence: its first error, or null when nothing stops it. */
export function runBlocker(doc: PipelineDocument | null | undefined): string | null {
  if (!doc) return 'Open a pipeline to run it.';
  const first = problemsOf(doc).find((p) => p.severity === 'error');
  return first ? first.message : null;
}

/** The problems of one node, errors first. */
export function nodeProblems(problems: readonly Problem[], nodeId: string): Problem[] {
  return problems
    .filter((p) => p.nodeId === nodeId)
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

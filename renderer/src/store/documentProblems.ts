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

/** What the Problems panel shows for a tab: the live document's problems, or those found reading its file. */
export function tabProblems(tab: DocumentTab): Problem[] {
  return tab.doc ? problemsOf(tab.doc) : tab.loadProblems;
}

/** The problems of one node, errors first. */
export function nodeProblems(problems: readonly Problem[], nodeId: string): Problem[] {
  return problems
    .filter((p) => p.nodeId === nodeId)
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

/** The problems of an open document, memoised per document object so every view shares one validation. */
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import { isKind } from '../../../engine/format/resolveParams.js';
import type { Problem } from '../../../engine/format/problems.js';
import { validatePipeline } from '../../../engine/format/validate.js';
import { currentCheck, type DataCheck } from './dataChecks.js';
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

const merged = new WeakMap<DataCheck, Problem[]>();
const sameProblem = (a: Problem, b: Problem) => a.severity === b.severity && a.nodeId === b.nodeId && a.field === b.field && a.message === b.message;

/**
 * The document's problems with what the host's data check of this very document found (store/dataChecks.ts).
 * The check's list repeats validation's problems (the host validated the same text), so only the others are
 * added. A check of another version, or one not yet answered, adds nothing. Memoised per check.
 */
export function documentProblems(doc: PipelineDocument, check?: DataCheck): Problem[] {
  const current = currentCheck(check, doc);
  const own = problemsOf(doc);
  if (current?.state !== 'done') return own;
  let all = merged.get(current);
  if (!all) {
    const extra = current.problems.filter((p) => !own.some((q) => sameProblem(p, q)));
    all = extra.length === 0 ? own : [...own, ...extra];
    merged.set(current, all);
  }
  return all;
}

/**
 * What the Problems panel, the status bar, the inspector and the node cards show for a tab: the live
 * document's problems (with those its data check found), or those found reading its file. A pipeline with
 * no node yet is a start, not a mistake: it shows none (the canvas says how to begin, and Run says why it
 * cannot run yet — see runBlocker).
 */
export function tabProblems(tab: DocumentTab, check?: DataCheck): Problem[] {
  if (!tab.doc) return tab.loadProblems;
  return tab.doc.nodes.length === 0 ? NONE : documentProblems(tab.doc, check);
}

/**
 * Why Run cannot start the document, in one sentence: its first error (validation's, else its data
 * check's), or null when nothing stops it.
 */
export function runBlocker(doc: PipelineDocument | null | undefined, check?: DataCheck): string | null {
  if (!doc) return 'Open a pipeline to run it.';
  const error = firstError(doc, check);
  if (error) return error;
  // A remote split's clients are real machines that join: the host would refuse to simulate them.
  if (doc.nodes.some((n) => isKind(n, 'split') && n.params.method === 'remote')) {
    return 'This pipeline’s clients join over the network (a split with method `remote`): press Serve, then they join with the link it shows.';
  }
  return null;
}

/** The message of the document's first error (static or from its data check), or null. */
export function firstError(doc: PipelineDocument, check?: DataCheck): string | null {
  return documentProblems(doc, check).find((p) => p.severity === 'error')?.message ?? null;
}

/** The problems of one node, errors first. */
export function nodeProblems(problems: readonly Problem[], nodeId: string): Problem[] {
  return problems
    .filter((p) => p.nodeId === nodeId)
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

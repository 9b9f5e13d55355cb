/**
 * Lesson mode's steps: the document's note nodes, read top to bottom, then left to right, like a page.
 * Pure, so it is tested without a canvas.
 */
import type { PipelineDocument } from '../../../engine/format/pipeline.js';

export interface LessonStep {
  /** The note node's id (selected on the canvas while the step is shown). */
  nodeId: string;
  label: string;
  /** The note's markdown. */
  text: string;
}

export interface LessonView {
  steps: LessonStep[];
  /** The step shown, clamped to the steps there are; 0 when there are none. */
  index: number;
  step: LessonStep | null;
  /** What to say when there is nothing to show (no document, or no notes). */
  empty: string | null;
}

/** Said when a document has no note nodes. */
export const LESSON_NO_NOTES =
  'This pipeline has no notes yet. Add a Note node from the palette and write the lesson in it: each note becomes one step, read from top to bottom.';
/** Said when no pipeline is open. */
export const LESSON_NO_DOCUMENT = 'Open a pipeline or a template to follow its lesson.';

/** The note nodes of a document as steps, ordered by position: top to bottom, then left to right. */
export function lessonSteps(doc: PipelineDocument | null | undefined): LessonStep[] {
  if (!doc) return [];
  return doc.nodes
    .filter((n) => n.kind === 'note')
    .map((n, order) => ({ n, order }))
    .sort((a, b) => a.n.position.y - b.n.position.y || a.n.position.x - b.n.position.x || a.order - b.order)
    .map(({ n }) => ({
      nodeId: n.id,
      label: n.label ?? 'Note',
      text: typeof (n.params as { text?: unknown } | undefined)?.text === 'string' ? (n.params as { text: string }).text : '',
    }));
}

/** The steps of a document and the one at `index` (clamped), or a friendly empty state. */
export function lessonView(doc: PipelineDocument | null | undefined, index: number): LessonView {
  if (!doc) return { steps: [], index: 0, step: null, empty: LESSON_NO_DOCUMENT };
  const steps = lessonSteps(doc);
  if (steps.length === 0) return { steps, index: 0, step: null, empty: LESSON_NO_NOTES };
  const i = Math.min(steps.length - 1, Math.max(0, Math.floor(Number.isFinite(index) ? index : 0)));
  return { steps, index: i, step: steps[i], empty: null };
}

/**
 * Lesson mode's steps: the document's note nodes, read top to bottom, then left to right, like a page, and
 * each note cut into steps at its level-2 headings (`## …`). Pure, so it is tested without a canvas.
 */
import type { PipelineDocument } from '../../../engine/format/pipeline.js';

/** When in a run a step's text comes true: before running, after round 1, or once the run has finished. */
export type LessonMoment = 'before' | 'round1' | 'finished';

export interface LessonStep {
  /** The note node's id (selected on the canvas while the step is shown); a note's steps share it. */
  nodeId: string;
  /** The step's heading (without `## `), or the note's label where the note has no heading. */
  label: string;
  /** The step's markdown, below its heading. */
  text: string;
  /** The moment of the run the step speaks of, where its heading names one (see MOMENT_HEADINGS). */
  moment?: LessonMoment;
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
  'This pipeline has no notes yet. Add a Note node from the palette and write the lesson in it: each note becomes a step (or one per “## ” heading), read from top to bottom.';
/** Said when no pipeline is open. */
export const LESSON_NO_DOCUMENT = 'Open a pipeline or a template to follow its lesson.';

/**
 * The headings that tie a step to a moment of the run, as the teaching templates write them; "What to try
 * next" belongs to no moment. A heading matches when it starts with one of these (case aside), so
 * "After the run: the results" counts too.
 */
export const MOMENT_HEADINGS: readonly { heading: string; moment: LessonMoment }[] = [
  { heading: 'What to look at', moment: 'before' },
  { heading: 'After round 1', moment: 'round1' },
  { heading: 'After the run', moment: 'finished' },
];

/** The moment a heading names, if any. */
export function headingMoment(heading: string): LessonMoment | undefined {
  const h = heading.trim().toLowerCase();
  return MOMENT_HEADINGS.find((m) => h.startsWith(m.heading.toLowerCase()))?.moment;
}

const HEADING = /^##[ \t]+(.+?)[ \t#]*$/;
/** A fenced code block's opening or closing line: headings inside one are code, not steps. */
const FENCE = /^[ \t]{0,3}(```|~~~)/;

/**
 * One note's markdown as steps: a new step at each `## ` heading (not inside a fenced code block). Text
 * before the first heading is a step of its own, titled with the note's label; a note without any `## `
 * heading is one step.
 */
export function noteSections(nodeId: string, label: string, text: string): LessonStep[] {
  const steps: LessonStep[] = [];
  let heading: string | null = null;
  let lines: string[] = [];
  const flush = () => {
    const body = lines.join('\n').trim();
    if (heading !== null) {
      const moment = headingMoment(heading);
      steps.push({ nodeId, label: heading, text: body, ...(moment ? { moment } : {}) });
    } else if (body) steps.push({ nodeId, label, text: body });
  };
  let fenced = false;
  for (const line of text.split(/\r?\n/)) {
    if (FENCE.test(line)) fenced = !fenced;
    const m = fenced ? null : HEADING.exec(line);
    if (m) {
      flush();
      heading = m[1];
      lines = [];
    } else lines.push(line);
  }
  flush();
  return steps.length > 0 ? steps : [{ nodeId, label, text: '' }];
}

/** The note nodes of a document as steps, ordered by position (top to bottom, then left to right), each note cut at its `## ` headings. */
export function lessonSteps(doc: PipelineDocument | null | undefined): LessonStep[] {
  if (!doc) return [];
  return doc.nodes
    .filter((n) => n.kind === 'note')
    .map((n, order) => ({ n, order }))
    .sort((a, b) => a.n.position.y - b.n.position.y || a.n.position.x - b.n.position.x || a.order - b.order)
    .flatMap(({ n }) => {
      const text = (n.params as { text?: unknown } | undefined)?.text;
      return noteSections(n.id, n.label ?? 'Note', typeof text === 'string' ? text : '');
    });
}

/** The steps of a document and the one at `index` (clamped), or a friendly empty state. */
export function lessonView(doc: PipelineDocument | null | undefined, index: number): LessonView {
  if (!doc) return { steps: [], index: 0, step: null, empty: LESSON_NO_DOCUMENT };
  const steps = lessonSteps(doc);
  if (steps.length === 0) return { steps, index: 0, step: null, empty: LESSON_NO_NOTES };
  const i = Math.min(steps.length - 1, Math.max(0, Math.floor(Number.isFinite(index) ? index : 0)));
  return { steps, index: i, step: steps[i], empty: null };
}

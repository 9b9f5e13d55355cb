/** Lesson mode: toggle it, move between the lesson's steps, and step the run one round. */
import type { Services } from '../services.js';
import { advanceOnMoment } from '../store/lessonMoment.js';
import { lessonView, type LessonMoment } from '../store/lessonSteps.js';
import { stepRun } from './runActions.js';

/** Turns lesson mode on or off. */
export function toggleLessonMode(s: Services): void {
  s.view.getState().toggleLessonMode();
}

/** Shows a step of the active document's lesson and selects its note on the canvas. */
export function goToLessonStep(s: Services, index: number): void {
  const docs = s.documents.getState();
  const tab = docs.tabs.find((t) => t.key === docs.activeKey);
  if (!tab) return;
  const lesson = lessonView(tab.doc, index);
  s.view.getState().setLessonStep(tab.key, lesson.index);
  if (lesson.step) s.view.getState().select(tab.key, { nodes: [lesson.step.nodeId], edges: [] });
}

/** Moves the lesson forward (+1) or back (-1). */
export function moveLessonStep(s: Services, by: number): void {
  const docs = s.documents.getState();
  if (!docs.activeKey) return;
  const current = s.view.getState().lessonSteps[docs.activeKey] ?? 0;
  goToLessonStep(s, current + by);
}

/**
 * The run of tab `tabKey` reached a new moment (round 1 done, or the run finished): if that tab's lesson is
 * before the step that speaks of it, it moves on to that step. Never back, and only in the active tab.
 */
export function advanceLessonOnMoment(s: Services, tabKey: string, from: LessonMoment, to: LessonMoment): void {
  const docs = s.documents.getState();
  const tab = docs.tabs.find((t) => t.key === tabKey);
  if (!tab || docs.activeKey !== tabKey) return;
  const lesson = lessonView(tab.doc, s.view.getState().lessonSteps[tabKey] ?? 0);
  const next = advanceOnMoment(lesson.steps, lesson.index, from, to);
  if (next !== null) goToLessonStep(s, next);
}

/** Runs one round (starting the run paused when none is going); the panel then explains it. */
export function lessonStepRound(s: Services): Promise<void> {
  return stepRun(s);
}

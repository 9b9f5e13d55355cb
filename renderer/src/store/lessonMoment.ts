/**
 * Where the run of the lesson's tab stands, as lesson steps count it (before running, round 1 done, run
 * finished), what a step whose moment has not come says, and which step the lesson moves on to when a moment
 * comes. Pure, so it is tested without a run.
 */
import type { LessonMoment, LessonStep } from './lessonSteps.js';
import type { RunState } from './runState.js';

const RANK: Record<LessonMoment, number> = { before: 0, round1: 1, finished: 2 };

/**
 * The moment the run has reached for the tab `tabKey`: `finished` once a run of that tab has finished,
 * `round1` once every one of its federations has finished (been evaluated on) its first round, else
 * `before` (no run, a run of another tab, or round 1 still going).
 */
export function runMoment(run: Pick<RunState, 'tabKey' | 'status' | 'federations' | 'federationOrder'>, tabKey: string | null | undefined): LessonMoment {
  if (!tabKey || run.tabKey !== tabKey) return 'before';
  if (run.status === 'finished') return 'finished';
  const feds = run.federationOrder.map((id) => run.federations[id]);
  if (feds.length > 0 && feds.every((f) => !!f && f.records.some((r) => r.round >= 1))) return 'round1';
  return 'before';
}

/** Whether the run has reached a moment. */
export const momentReached = (now: LessonMoment, moment: LessonMoment): boolean => RANK[now] >= RANK[moment];

/** The line a step shows while its moment has not come (its text stays shown), or null. */
export function pendingLine(step: LessonStep | null | undefined, now: LessonMoment): string | null {
  if (!step?.moment || momentReached(now, step.moment)) return null;
  return step.moment === 'round1' ? 'Step one round to see this.' : step.moment === 'finished' ? 'Run to the end to see this.' : null;
}

/**
 * The step the lesson moves on to when the run goes from moment `from` to `to`: the first step that speaks
 * of `to` (or, if there is none, of a moment passed on the way), if the lesson is before it. Only forward, and
 * only as a moment comes, so a reader who went back to re-read a step stays there until the next moment;
 * null when the lesson stays where it is.
 */
export function advanceOnMoment(steps: readonly LessonStep[], index: number, from: LessonMoment, to: LessonMoment): number | null {
  if (RANK[to] <= RANK[from]) return null;
  let target = steps.findIndex((s) => s.moment === to);
  if (target < 0) target = steps.findIndex((s) => !!s.moment && RANK[s.moment] > RANK[from] && RANK[s.moment] <= RANK[to]);
  return target > index ? target : null;
}

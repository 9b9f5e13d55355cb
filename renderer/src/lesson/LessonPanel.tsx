import { useEffect, useMemo, useRef } from 'react';
import { advanceLessonOnMoment, goToLessonStep, lessonStepRound, moveLessonStep } from '../actions/lessonActions.js';
import { useActiveTab } from '../hooks/useActiveTab.js';
import { useRun } from '../hooks/useRun.js';
import { useServices } from '../hooks/useServices.js';
import { useView } from '../hooks/useView.js';
import { Markdown } from '../markdown/Markdown.js';
import { explainLatestRound, explanationGlossary } from '../store/explainRound.js';
import { pendingLine, runMoment } from '../store/lessonMoment.js';
import { lessonView, type LessonMoment } from '../store/lessonSteps.js';
import { isActive } from '../store/runState.js';
import { Icon } from '../ui/Icon.js';

/**
 * Lesson mode's panel: the document's notes as steps (one per `## ` section), and a plain account of each
 * round stepped. A step tied to a moment of the run ("After round 1", "After the run") says so until the run
 * of this tab gets there, and the lesson moves on to it when it does.
 */
export function LessonPanel() {
  const services = useServices();
  const tab = useActiveTab();
  const index = useView((s) => (tab ? (s.lessonSteps[tab.key] ?? 0) : 0));
  const lesson = useMemo(() => lessonView(tab?.doc, index), [tab?.doc, index]);
  const stepNodeId = lesson.step?.nodeId ?? null;
  const tabKey = tab?.key ?? null;

  // Highlight the step's note on the canvas when the step (or the tab) changes.
  useEffect(() => {
    if (tabKey && stepNodeId) services.view.getState().select(tabKey, { nodes: [stepNodeId], edges: [] });
  }, [services, tabKey, stepNodeId]);

  const status = useRun((s) => s.status);
  const runTab = useRun((s) => s.tabKey);
  const federations = useRun((s) => s.federations);
  const federationOrder = useRun((s) => s.federationOrder);
  const lastRoundEvents = useRun((s) => s.lastRoundEvents);
  const runDoc = useRun((s) => s.doc);
  const explanation = useMemo(
    () => (tab && runTab === tab.key ? explainLatestRound({ federations, federationOrder, lastRoundEvents, status, doc: runDoc }) : null),
    [tab, runTab, federations, federationOrder, lastRoundEvents, status, runDoc],
  );
  const active = isActive({ status });
  const moment = useRun((s) => runMoment(s, tabKey));
  const pending = pendingLine(lesson.step, moment);

  // Move on when the run reaches a moment (only forward, see advanceOnMoment); a tab switch is no moment.
  const seen = useRef<{ tabKey: string | null; moment: LessonMoment }>({ tabKey, moment });
  useEffect(() => {
    const prev = seen.current;
    seen.current = { tabKey, moment };
    if (tabKey && prev.tabKey === tabKey && prev.moment !== moment) advanceLessonOnMoment(services, tabKey, prev.moment, moment);
  }, [services, tabKey, moment]);
  const finished = status === 'finished' && runTab === tab?.key;

  // A new round explained: bring the whole explanation into view where the panel had to scroll.
  const explanationRef = useRef<HTMLDivElement>(null);
  const explained = explanation ? `${explanation.title}|${explanation.lines.length}` : null;
  useEffect(() => {
    if (explained) explanationRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [explained]);

  return (
    <aside className="lesson-panel" data-testid="lesson-panel">
      <div className="pane-header">Lesson</div>
      <div className="lesson-body">
        {lesson.empty ? (
          <p className="lesson-empty" data-testid="lesson-empty">
            {lesson.empty}
          </p>
        ) : (
          <>
            <div className="lesson-nav">
              <button
                className="button small"
                disabled={lesson.index === 0}
                onClick={() => moveLessonStep(services, -1)}
                title="Previous step"
                data-testid="lesson-prev"
              >
                ‹ Previous
              </button>
              <span className="lesson-counter" data-testid="lesson-counter">
                Step {lesson.index + 1} of {lesson.steps.length}
                {lesson.step && <span className="lesson-step-heading"> · {lesson.step.label}</span>}
              </span>
              <button
                className="button small"
                disabled={lesson.index >= lesson.steps.length - 1}
                onClick={() => moveLessonStep(services, 1)}
                title="Next step"
                data-testid="lesson-next"
              >
                Next ›
              </button>
            </div>
            {lesson.step && (
              <div
                className="lesson-note"
                data-testid="lesson-note"
                data-node-id={lesson.step.nodeId}
                data-moment={lesson.step.moment ?? ''}
                data-pending={pending ? 'true' : 'false'}
                onClick={() => goToLessonStep(services, lesson.index)}
              >
                {pending && (
                  <p className="lesson-pending" data-testid="lesson-pending">
                    {pending}
                  </p>
                )}
                <Markdown text={lesson.step.text || `*${lesson.step.label} is empty.*`} />
              </div>
            )}
          </>
        )}
        {tab?.doc && (
          <div className="lesson-run">
            <button
              className="button primary"
              disabled={!tab.doc || (active && runTab !== tab.key)}
              onClick={() => void lessonStepRound(services)}
              title="Run one round, then pause and explain it (F10)"
              data-testid="lesson-step"
            >
              <Icon name="step" size={12} /> {finished ? 'Start again: step one round' : 'Step one round'}
            </button>
            <div className="lesson-explanation" data-testid="lesson-explanation" aria-live="polite" ref={explanationRef}>
              {explanation ? (
                <>
                  <div className="lesson-explanation-title">{explanation.title}</div>
                  {explanation.lines.map((line, i) => (
                    <p key={i}>{line}</p>
                  ))}
                  {explanationGlossary(explanation).map((line) => (
                    <p key={line} className="lesson-glossary" data-testid="lesson-glossary">
                      {line}
                    </p>
                  ))}
                </>
              ) : (
                <p className="lesson-hint">
                  {active ? 'The first round is running…' : 'Press “Step one round”: the federation trains for one round, then pauses, and this box says what happened.'}
                </p>
              )}
            </div>
          </div>
        )}
      </div>
    </aside>
  );
}

import { useActiveProblems } from '../hooks/useActiveProblems.js';
import { useActiveTab } from '../hooks/useActiveTab.js';
import { useDataCheck } from '../hooks/useDataCheck.js';
import { useRun } from '../hooks/useRun.js';
import { useServices } from '../hooks/useServices.js';
import { useUi } from '../hooks/useUi.js';
import { useView } from '../hooks/useView.js';
import { currentCheck } from '../store/dataChecks.js';
import { wantsDataCheck } from '../store/dataCheckScheduler.js';
import { remainingMs } from '../store/runEta.js';
import { formatSeconds } from '../store/simulatedTime.js';
import { Icon } from '../ui/Icon.js';
import { QueueStatusBarItem } from './QueueStatusBarItem.js';

const HOST_NAMES = { electron: 'Desktop', web: 'Web host', fake: 'Demo host (in memory)' } as const;

/** Host, backend, workers, problems, and the run's state and round. */
export function StatusBar() {
  const services = useServices();
  const info = useUi((s) => s.hostInfo);
  const hostError = useUi((s) => s.hostError);
  const problems = useActiveProblems();
  const tab = useActiveTab();
  const check = currentCheck(useDataCheck(tab?.key), tab?.doc);
  // From the edit until the host answers (the debounce included): its data problems are not known yet.
  const dataState = !wantsDataCheck(tab?.doc) ? null : !check || check.state === 'checking' ? 'checking' : check.state;
  const run = {
    status: useRun((s) => s.status),
    paused: useRun((s) => s.paused),
    backend: useRun((s) => s.backend),
    adapter: useRun((s) => s.adapter),
    workers: useRun((s) => s.workers),
  };
  const rounds = useRun((s) =>
    s.federationOrder.map((id) => s.federations[id]).filter(Boolean).map((f) => `${f.label} ${f.round}/${f.rounds}`).join(', '),
  );
  const left = useRun((s) => remainingMs(s.federationOrder.map((id) => s.federations[id]).filter(Boolean)));
  const eta = run.status === 'running' && left !== null && left > 0 ? ` · about ${formatSeconds(left / 1000)} left` : '';
  const theme = useView((s) => s.theme);
  const lesson = useView((s) => s.lessonMode);
  const presenting = useView((s) => s.presentation);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const runText =
    run.status === 'idle'
      ? 'Ready'
      : run.status === 'starting'
        ? 'Starting…'
        : run.status === 'running'
          ? `${run.paused ? 'Paused' : 'Running'}${rounds ? ` · round ${rounds}` : ''}${eta}`
          : run.status === 'finished'
            ? `Finished${rounds ? ` · ${rounds}` : ''}`
            : run.status === 'failed'
              ? 'Failed'
              : 'Stopped';
  return (
    <footer className={`status-bar status-${run.status}`} data-testid="status-bar">
      <span className="status-item" data-testid="status-host" title={hostError ?? info?.platform}>
        {hostError ? `Host error: ${hostError}` : `${HOST_NAMES[services.hostKind]}${info ? ` ${info.version}` : ''}`}
      </span>
      <span
        className="status-item"
        data-testid="status-backend"
        title={run.adapter ? `The run's GPU adapter: ${run.adapter}` : 'The backend `auto` picks on this machine'}
      >
        backend {run.backend ?? info?.backend ?? '…'}
        {run.adapter ? ` (${run.adapter})` : ''}
      </span>
      <span className="status-item" data-testid="status-workers">
        {run.workers ?? info?.workers ?? '…'} workers
      </span>
      <QueueStatusBarItem />
      <button className="status-item status-button" onClick={() => services.view.getState().showBottom('problems')} data-testid="status-problems">
        <Icon name="error" size={12} /> {errors} <Icon name="warning" size={12} /> {warnings}
      </button>
      {dataState && dataState !== 'done' && (
        <span
          className="status-item status-data-check"
          data-testid="status-data-check"
          data-state={dataState}
          title={dataState === 'failed' ? check?.message : 'The host is loading and splitting the data, as a run would, to find what only the data can show'}
        >
          {dataState === 'checking' ? 'checking data…' : 'data not checked'}
        </span>
      )}
      <span className="spacer" />
      <span className="status-item" data-testid="status-run" data-status={run.status} data-paused={run.paused ? 'true' : 'false'}>
        {runText}
      </span>
      <button
        className={`status-item status-button${lesson ? ' status-lesson-on' : ''}`}
        onClick={() => services.view.getState().toggleLessonMode()}
        title={lesson ? 'Leave lesson mode' : 'Lesson mode: the notes as steps, and each round explained'}
        aria-pressed={lesson}
        data-testid="lesson-toggle"
      >
        {lesson ? 'Lesson: on' : 'Lesson'}
      </button>
      <button
        className={`status-item status-button${presenting ? ' status-lesson-on' : ''}`}
        onClick={() => services.view.getState().togglePresentation()}
        title={presenting ? 'Leave presentation mode' : 'Presentation mode: for a projector, the canvas and the lesson side by side in large type'}
        aria-pressed={presenting}
        data-testid="presentation-toggle"
      >
        {presenting ? 'Present: on' : 'Present'}
      </button>
      <button className="status-item status-button" onClick={() => services.view.getState().toggleTheme()} data-testid="status-theme">
        {theme === 'dark' ? 'Dark' : 'Light'}
      </button>
    </footer>
  );
}

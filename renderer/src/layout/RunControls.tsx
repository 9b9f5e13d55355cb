import { startRun, stepRun, stopRun, togglePause } from '../actions/runActions.js';
import { openServeDialog } from '../actions/serveActions.js';
import { useActiveTab } from '../hooks/useActiveTab.js';
import { useDataCheck } from '../hooks/useDataCheck.js';
import { useRun } from '../hooks/useRun.js';
import { useServices } from '../hooks/useServices.js';
import { runBlocker } from '../store/documentProblems.js';
import { serveBlocker } from '../store/federationView.js';
import { isActive } from '../store/runState.js';
import { Icon } from '../ui/Icon.js';

/** Run, pause/resume, step one round and stop. */
export function RunControls() {
  const services = useServices();
  const tab = useActiveTab();
  const status = useRun((s) => s.status);
  const paused = useRun((s) => s.paused);
  const active = isActive({ status });
  const check = useDataCheck(tab?.key);
  const blocker = active ? null : runBlocker(tab?.doc, check);
  const why = blocker ? `Cannot run yet: ${blocker}` : null;
  // Serve is for a document whose clients join over the network (a `remote` split); hover says why not.
  const serveWhy = active ? 'A run is going; stop it before serving.' : serveBlocker(tab?.doc, check);
  return (
    <div className="run-controls" data-testid="run-controls">
      <button className="button primary" disabled={active || blocker !== null} onClick={() => startRun(services)} title={why ?? 'Run (F5)'} data-testid="run-button">
        <Icon name="play" size={12} /> Run
      </button>
      <button
        className="button"
        disabled={serveWhy !== null}
        onClick={() => openServeDialog(services)}
        title={serveWhy ? `Cannot serve: ${serveWhy}` : 'Serve to remote clients: show a join link and QR code, and run the rounds as they join'}
        data-testid="serve-button"
      >
        <Icon name="serve" size={12} /> Serve
      </button>
      <button className="button" disabled={!active} onClick={() => togglePause(services)} title="Pause / resume (F6)" data-testid="pause-button">
        <Icon name={paused ? 'play' : 'pause'} size={12} /> {paused ? 'Resume' : 'Pause'}
      </button>
      <button className="button" disabled={!active && blocker !== null} onClick={() => stepRun(services)} title={why ?? 'Run one round, then pause (F10)'} data-testid="step-button">
        <Icon name="step" size={12} /> Step
      </button>
      <button className="button danger" disabled={!active} onClick={() => stopRun(services)} title="Stop (Shift+F5)" data-testid="stop-button">
        <Icon name="stop" size={12} /> Stop
      </button>
    </div>
  );
}

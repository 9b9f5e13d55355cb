import { newDocument, openFile, openTemplate } from '../actions/fileActions.js';
import { useServices } from '../hooks/useServices.js';
import { useUi } from '../hooks/useUi.js';

/** What the editor shows with no document open: start something, or open a template. */
export function Welcome() {
  const services = useServices();
  const templates = useUi((s) => s.templates);
  return (
    <div className="welcome" data-testid="welcome">
      <h1>FedFlow Studio</h1>
      <p>Design, run and teach federated learning.</p>
      <div className="welcome-actions">
        <button className="button primary" onClick={() => newDocument(services)} data-testid="welcome-new">
          New pipeline
        </button>
        <button className="button" onClick={() => openFile(services)} data-testid="welcome-open">
          Open…
        </button>
      </div>
      {templates.length > 0 && (
        <>
          <h2>Start from a template</h2>
          <ul className="welcome-templates">
            {templates.map((t) => (
              <li key={t.id} onClick={() => openTemplate(services, t.id)} data-testid={`welcome-template-${t.id}`}>
                <b>{t.name}</b>
                <span>{t.description}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="welcome-keys">Ctrl+Shift+P: every command · F5 run · F10 step one round · double-click the canvas to add a node</p>
    </div>
  );
}

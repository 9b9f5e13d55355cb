import { openTemplate } from '../actions/fileActions.js';
import { useServices } from '../hooks/useServices.js';
import { useUi } from '../hooks/useUi.js';

/** The host's templates; a click opens one as a new, unsaved document. */
export function TemplatesView() {
  const services = useServices();
  const templates = useUi((s) => s.templates);
  return (
    <div className="side-view" data-testid="templates">
      {templates.length === 0 && <p className="side-empty">No templates from the host.</p>}
      <ul className="template-list">
        {templates.map((t) => (
          <li key={t.id} onClick={() => openTemplate(services, t.id)} data-testid={`template-${t.id}`} tabIndex={0} onKeyDown={(e) => e.key === 'Enter' && openTemplate(services, t.id)}>
            <div className="template-name">{t.name}</div>
            <div className="template-description">{t.description}</div>
          </li>
        ))}
      </ul>
    </div>
  );
}

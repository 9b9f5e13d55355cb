import { newDocument, openFile, saveAs } from '../actions/fileActions.js';
import { useDocuments } from '../hooks/useDocuments.js';
import { useServices } from '../hooks/useServices.js';
import { useUi } from '../hooks/useUi.js';
import { isDirty } from '../store/documentTab.js';

/** Open editors, the workspace's files and recent files. */
export function ExplorerView() {
  const services = useServices();
  const tabs = useDocuments((s) => s.tabs);
  const activeKey = useDocuments((s) => s.activeKey);
  const recent = useUi((s) => s.recentFiles);
  const files = useUi((s) => s.workspaceFiles);
  const listed = services.hostKind === 'electron' ? [] : files;
  return (
    <div className="side-view" data-testid="explorer">
      <div className="side-actions">
        <button className="button small" onClick={() => newDocument(services)} data-testid="explorer-new">
          New
        </button>
        <button className="button small" onClick={() => openFile(services)} data-testid="explorer-open">
          Open…
        </button>
        <button className="button small" onClick={() => saveAs(services)} data-testid="explorer-save-as" disabled={!activeKey}>
          Save As…
        </button>
      </div>
      <div className="side-section">Open editors</div>
      <ul className="side-list" data-testid="open-editors">
        {tabs.length === 0 && <li className="side-empty">None</li>}
        {tabs.map((t) => (
          <li
            key={t.key}
            className={t.key === activeKey ? 'active' : ''}
            onClick={() => services.documents.getState().setActive(t.key)}
            title={t.path ?? 'Not saved yet'}
          >
            {isDirty(t) ? '● ' : ''}
            {t.name}
          </li>
        ))}
      </ul>
      {listed.length > 0 && (
        <>
          <div className="side-section">Workspace</div>
          <ul className="side-list" data-testid="workspace-files">
            {listed.map((f) => (
              <li key={f.path} title={f.path} onClick={() => openFile(services, f.path)} data-testid={`workspace-file-${f.name}`}>
                {f.name}
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="side-section">Recent</div>
      <ul className="side-list" data-testid="recent-files">
        {recent.length === 0 && <li className="side-empty">No recent files</li>}
        {recent.map((f) => (
          <li key={f.path} title={f.path} onClick={() => openFile(services, f.path)} data-testid={`recent-file-${f.name}`}>
            {f.name}
          </li>
        ))}
      </ul>
    </div>
  );
}

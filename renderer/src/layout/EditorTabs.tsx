import { closeTab } from '../actions/fileActions.js';
import { useDocuments } from '../hooks/useDocuments.js';
import { useServices } from '../hooks/useServices.js';
import { isDirty, tabTitle } from '../store/documentTab.js';
import { Icon } from '../ui/Icon.js';

/** The editor tabs: one per open document, with a dot while it has unsaved changes and a note when its file changed on disk. */
export function EditorTabs() {
  const services = useServices();
  const tabs = useDocuments((s) => s.tabs);
  const activeKey = useDocuments((s) => s.activeKey);
  return (
    <div className="editor-tabs" role="tablist" data-testid="editor-tabs">
      {tabs.map((t) => {
        const dirty = isDirty(t);
        const title = tabTitle(t);
        return (
          <div
            key={t.key}
            role="tab"
            aria-selected={t.key === activeKey}
            className={`editor-tab ${t.key === activeKey ? 'active' : ''} ${dirty ? 'dirty' : ''} ${t.doc ? '' : 'broken'}`}
            title={t.path ?? `${title} (not saved yet)`}
            onClick={() => services.documents.getState().setActive(t.key)}
            onMouseDown={(e) => {
              if (e.button === 1) {
                e.preventDefault();
                void closeTab(services, t.key);
              }
            }}
            data-testid={`tab-${t.key}`}
            data-name={t.name}
            data-dirty={dirty ? 'true' : 'false'}
            data-changed-on-disk={t.changedOnDisk ? 'true' : 'false'}
          >
            <span className="editor-tab-name">{title}</span>
            {t.changedOnDisk && (
              <span className="changed-on-disk" data-testid={`changed-on-disk-${t.key}`} title="The file changed on disk; saving asks what to do">
                changed on disk
              </span>
            )}
            {dirty && <span className="dirty-dot" data-testid={`dirty-${t.key}`} aria-label="unsaved changes" />}
            <button
              className="editor-tab-close"
              aria-label={`Close ${title}`}
              onClick={(e) => {
                e.stopPropagation();
                void closeTab(services, t.key);
              }}
              data-testid={`tab-close-${t.key}`}
            >
              <Icon name="close" size={12} />
            </button>
          </div>
        );
      })}
    </div>
  );
}

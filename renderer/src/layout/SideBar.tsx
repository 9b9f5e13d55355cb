import { useView } from '../hooks/useView.js';
import { ExplorerView } from './ExplorerView.js';
import { RunsView } from './RunsView.js';
import { TemplatesView } from './TemplatesView.js';

const TITLES = { explorer: 'Explorer', templates: 'Templates', runs: 'Runs' } as const;

/** The side bar: the view the activity bar chose. */
export function SideBar() {
  const activity = useView((s) => s.activity);
  return (
    <aside className="side-bar" data-testid="side-bar">
      <div className="pane-header">{TITLES[activity]}</div>
      {activity === 'explorer' && <ExplorerView />}
      {activity === 'templates' && <TemplatesView />}
      {activity === 'runs' && <RunsView />}
    </aside>
  );
}

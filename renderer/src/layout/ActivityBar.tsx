import { openCommandPalette } from '../commands/commandList.js';
import { useServices } from '../hooks/useServices.js';
import { useView } from '../hooks/useView.js';
import type { ActivityView } from '../store/viewStore.js';
import { Icon, type IconName } from '../ui/Icon.js';

const VIEWS: { id: ActivityView; title: string; icon: IconName }[] = [
  { id: 'explorer', title: 'Explorer', icon: 'explorer' },
  { id: 'templates', title: 'Templates', icon: 'templates' },
  { id: 'runs', title: 'Runs', icon: 'runs' },
];

/** The strip of view buttons on the far left, as in VS Code. */
export function ActivityBar() {
  const services = useServices();
  const activity = useView((s) => s.activity);
  const visible = useView((s) => s.sideBarVisible);
  const theme = useView((s) => s.theme);
  return (
    <nav className="activity-bar" data-testid="activity-bar">
      {VIEWS.map((v) => (
        <button
          key={v.id}
          className={`activity ${visible && activity === v.id ? 'active' : ''}`}
          title={v.title}
          aria-label={v.title}
          onClick={() => services.view.getState().showActivity(v.id)}
          data-testid={`activity-${v.id}`}
        >
          <Icon name={v.icon} size={24} />
        </button>
      ))}
      <span className="spacer" />
      <button className="activity" title="Command palette (Ctrl+Shift+P)" onClick={() => openCommandPalette(services)} data-testid="activity-commands">
        <Icon name="commands" size={22} />
      </button>
      <button
        className="activity"
        title={`Switch to the ${theme === 'dark' ? 'light' : 'dark'} theme`}
        onClick={() => services.view.getState().toggleTheme()}
        data-testid="theme-toggle"
      >
        <Icon name={theme === 'dark' ? 'sun' : 'moon'} size={22} />
      </button>
    </nav>
  );
}

import { useActiveProblems, useActiveRunProblems } from '../hooks/useActiveProblems.js';
import { useServices } from '../hooks/useServices.js';
import { useView } from '../hooks/useView.js';
import type { BottomTab } from '../store/viewStore.js';
import { ComparePanel } from './ComparePanel.js';
import { FederationPanel } from './FederationPanel.js';
import { MetricsPanel } from './MetricsPanel.js';
import { OutputPanel } from './OutputPanel.js';
import { ProblemsPanel } from './ProblemsPanel.js';
import { SweepPanel } from './SweepPanel.js';
import { Icon } from '../ui/Icon.js';

const TABS: { id: BottomTab; title: string }[] = [
  { id: 'problems', title: 'Problems' },
  { id: 'output', title: 'Output' },
  { id: 'metrics', title: 'Metrics' },
  { id: 'compare', title: 'Compare' },
  { id: 'sweep', title: 'Sweep' },
  { id: 'federation', title: 'Federation' },
];

/** The panel under the editor: Problems, Output, Metrics, Compare, Sweep and Federation (Run → Serve). */
export function BottomPanel() {
  const { view } = useServices();
  const lesson = useView((s) => s.lessonMode);
  const chosen = useView((s) => s.bottomTab);
  // Lesson mode hides the Output log; what would show it shows the metrics instead.
  const tab: BottomTab = lesson && chosen === 'output' ? 'metrics' : chosen;
  const tabs = lesson ? TABS.filter((t) => t.id !== 'output') : TABS;
  // The badge counts the last run's problems too, so a refused run points at the panel.
  const problems = [...useActiveProblems(), ...useActiveRunProblems()];
  const errors = problems.filter((p) => p.severity === 'error').length;
  return (
    <section className="bottom-panel" data-testid="bottom-panel">
      <div className="panel-tabs">
        {tabs.map((t) => (
          <button
            key={t.id}
            className={`panel-tab ${tab === t.id ? 'active' : ''}`}
            onClick={() => view.getState().showBottom(t.id)}
            data-testid={`panel-tab-${t.id}`}
          >
            {t.title}
            {t.id === 'problems' && problems.length > 0 && (
              <span className={`badge ${errors > 0 ? 'error' : 'warning'}`} data-testid="problems-count">
                {problems.length}
              </span>
            )}
          </button>
        ))}
        <span className="spacer" />
        <button className="icon-button" title="Hide the panel (Ctrl+J)" onClick={() => view.getState().toggleBottom()} data-testid="panel-close">
          <Icon name="close" size={14} />
        </button>
      </div>
      <div className="panel-body">
        {tab === 'problems' && <ProblemsPanel />}
        {tab === 'output' && <OutputPanel />}
        {tab === 'metrics' && <MetricsPanel />}
        {tab === 'compare' && <ComparePanel />}
        {tab === 'sweep' && <SweepPanel />}
        {tab === 'federation' && <FederationPanel />}
      </div>
    </section>
  );
}

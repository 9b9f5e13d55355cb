import { useActiveProblems } from '../hooks/useActiveProblems.js';
import { useActiveTab } from '../hooks/useActiveTab.js';
import { useServices } from '../hooks/useServices.js';
import { Icon } from '../ui/Icon.js';

/** The validator's problems of the active document; clicking one selects its node (or edge). */
export function ProblemsPanel() {
  const { view } = useServices();
  const tab = useActiveTab();
  const problems = useActiveProblems();
  if (!tab) return <div className="panel-empty">No pipeline is open.</div>;
  if (problems.length === 0)
    return (
      <div className="panel-empty" data-testid="problems-list" data-count="0">
        No problems: the pipeline can run.
      </div>
    );
  const sorted = [...problems].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return (
    <ul className="problems" data-testid="problems-list" data-count={problems.length}>
      {sorted.map((p, i) => (
        <li
          key={i}
          className={`problem ${p.severity}`}
          data-testid={`problem-${i}`}
          data-node-id={p.nodeId}
          data-field={p.field}
          tabIndex={0}
          onClick={() => {
            if (p.nodeId) view.getState().select(tab.key, { nodes: [p.nodeId], edges: [] });
            else if (p.edgeId) view.getState().select(tab.key, { nodes: [], edges: [p.edgeId] });
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') (e.currentTarget as HTMLElement).click();
          }}
        >
          <Icon name={p.severity === 'error' ? 'error' : 'warning'} size={14} className={`problem-icon ${p.severity}`} />
          <span className="problem-message">{p.message}</span>
          <span className="problem-where">
            {[p.nodeId && `node ${p.nodeId}`, p.edgeId && `edge ${p.edgeId}`, p.field, p.line && `line ${p.line}`].filter(Boolean).join(' · ')}
          </span>
        </li>
      ))}
    </ul>
  );
}

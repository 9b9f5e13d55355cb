import type { Problem } from '../../../engine/format/problems.js';
import { useActiveProblems, useActiveRunProblems } from '../hooks/useActiveProblems.js';
import { useActiveTab } from '../hooks/useActiveTab.js';
import { useServices } from '../hooks/useServices.js';
import { Icon } from '../ui/Icon.js';

const errorsFirst = (problems: readonly Problem[]) =>
  [...problems].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));

/**
 * The validator's problems of the active document, then those the host named when its last run failed;
 * clicking one selects its node (or edge).
 */
export function ProblemsPanel() {
  const { view } = useServices();
  const tab = useActiveTab();
  const problems = useActiveProblems();
  const runProblems = useActiveRunProblems();
  if (!tab) return <div className="panel-empty">No pipeline is open.</div>;
  const select = (p: Problem) => {
    if (p.nodeId) view.getState().select(tab.key, { nodes: [p.nodeId], edges: [] });
    else if (p.edgeId) view.getState().select(tab.key, { nodes: [], edges: [p.edgeId] });
  };
  const rows = (list: readonly Problem[], testIdPrefix: string) =>
    errorsFirst(list).map((p, i) => (
      <li
        key={i}
        className={`problem ${p.severity}`}
        data-testid={`${testIdPrefix}${i}`}
        data-node-id={p.nodeId}
        data-field={p.field}
        tabIndex={0}
        onClick={() => select(p)}
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
    ));
  return (
    <>
      {problems.length === 0 ? (
        <div className="panel-empty" data-testid="problems-list" data-count="0">
          {runProblems.length === 0 ? 'No problems: the pipeline can run.' : 'The pipeline passes validation, but its last run failed:'}
        </div>
      ) : (
        <ul className="problems" data-testid="problems-list" data-count={problems.length}>
          {rows(problems, 'problem-')}
        </ul>
      )}
      {runProblems.length > 0 && (
        // Their own list and test ids, so the validator's list (and what reads it) stays as it was.
        <>
          <div className="problems-heading">From the last run</div>
          <ul className="problems" data-testid="run-problems-list" data-count={runProblems.length}>
            {rows(runProblems, 'run-problem-')}
          </ul>
        </>
      )}
    </>
  );
}
